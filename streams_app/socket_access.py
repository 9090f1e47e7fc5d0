"""Open websockets keep checking who is on the other end.

A socket is let in once, when it opens; a logout, a deactivation or a removed role afterwards
must still close it. Every `WEBSOCKET_ACCESS_CHECK_S` a socket reads its user afresh from the
session store, as a new request would, and asks topics_app/roles.py whether the role still holds.
"""
import asyncio
from importlib import import_module
from types import SimpleNamespace

from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth import get_user

from topics_app.roles import has_role

SESSION_GONE, ROLE_GONE = 4401, 4403


@database_sync_to_async
def access_lost(scope, role):
    """None while the socket's session still holds a user with `role`; else (close code, message)."""
    session_store = import_module(settings.SESSION_ENGINE).SessionStore
    # A fresh session object: the socket's own holds what was read when it opened.
    user = get_user(SimpleNamespace(session=session_store(scope["session"].session_key)))
    if not user.is_authenticated:
        return SESSION_GONE, "Your session has ended (logged out or deactivated); log in again."
    if not has_role(user, role):
        return ROLE_GONE, f"This needs the {role} role."
    return None


class AccessWatch:
    """Consumer mixin: `watch_access(role)` once the socket is in; `lose_access(code, detail)` closes it."""

    access_watch = None

    def watch_access(self, role):
        self.access_watch = asyncio.create_task(self._check_access(role))

    def stop_watching_access(self):
        if self.access_watch is not None:
            self.access_watch.cancel()

    async def _check_access(self, role):
        while True:
            await asyncio.sleep(settings.WEBSOCKET_ACCESS_CHECK_S)
            lost = await access_lost(self.scope, role)
            if lost:
                await self.lose_access(*lost)
                return

    async def lose_access(self, code, detail):
        raise NotImplementedError
