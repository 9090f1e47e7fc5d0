"""Open websockets keep checking who is on the other end.

A socket is let in once, when it opens; a logout, a deactivation or a removed role afterwards
must still close it. Every `WEBSOCKET_ACCESS_CHECK_S` the sockets of a process (of one event loop) have their
users read afresh from the session store, as a new request would, and topics_app/roles.py asked whether their
roles still hold: all in one trip to a worker thread, and once per session and role however many of its sockets
are open. At 500 sockets a trip and three queries per socket were about 40% of the web process's busy time.
"""
import asyncio
import logging
import weakref
from importlib import import_module
from types import SimpleNamespace

from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth import get_user

from topics_app.roles import has_role

log = logging.getLogger(__name__)

SESSION_GONE, ROLE_GONE = 4401, 4403


def access_lost(session_key, role):
    """None while the session still holds a user with `role`; else (close code, message)."""
    session_store = import_module(settings.SESSION_ENGINE).SessionStore
    # A fresh session object: the socket's own holds what was read when it opened.
    user = get_user(SimpleNamespace(session=session_store(session_key)))
    if not user.is_authenticated:
        return SESSION_GONE, "Your session has ended (logged out or deactivated); log in again."
    if not has_role(user, role):
        return ROLE_GONE, f"This needs the {role} role."
    return None


@database_sync_to_async
def _accesses_lost(checks):
    """{(session key, role): (close code, message)} of the `checks` that no longer hold."""
    verdicts = {check: access_lost(*check) for check in checks}
    return {check: verdict for check, verdict in verdicts.items() if verdict}


class _Watch:
    """The sockets of one event loop whose access is checked, and the task that checks them."""

    def __init__(self):
        self.sockets = {}  # consumer -> role
        self.task = None

    def add(self, consumer, role):
        self.sockets[consumer] = role
        if self.task is None or self.task.done():
            self.task = asyncio.create_task(self._run())

    async def _run(self):
        while self.sockets:
            await asyncio.sleep(settings.WEBSOCKET_ACCESS_CHECK_S)
            watched = {consumer: (consumer.scope["session"].session_key, role)
                       for consumer, role in self.sockets.items()}
            try:
                lost = await _accesses_lost(set(watched.values()))
            except Exception:  # the database is away: the sockets stay as they are until the next check
                log.exception("the open sockets' access could not be checked")
                continue
            for consumer, check in watched.items():
                if check in lost and self.sockets.pop(consumer, None) is not None:
                    try:
                        await consumer.lose_access(*lost[check])
                    except Exception:  # one socket that fails to close leaves the others to be closed
                        log.exception("a socket that lost its access could not be closed")


_watches = weakref.WeakKeyDictionary()  # event loop -> _Watch


class AccessWatch:
    """Consumer mixin: `watch_access(role)` once the socket is in; `lose_access(code, detail)` closes it."""

    def watch_access(self, role):
        _watches.setdefault(asyncio.get_running_loop(), _Watch()).add(self, role)

    def stop_watching_access(self):
        watch = _watches.get(asyncio.get_running_loop())
        if watch is not None:
            watch.sockets.pop(self, None)

    async def lose_access(self, code, detail):
        raise NotImplementedError
