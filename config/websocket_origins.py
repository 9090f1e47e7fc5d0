"""Websockets open only from the origins Django's CSRF check trusts for a form post.

Trusted: the page's own origin (the scheme, host and port the socket was opened on, the host being
in ALLOWED_HOSTS) or an origin in CSRF_TRUSTED_ORIGINS. Channels' AllowedHostsOriginValidator
compared host names only, so a page served on any other port of an allowed host (another program
on the same machine) could open a socket with the user's session cookie.
"""
import io

from django.core.handlers.asgi import ASGIRequest
from django.middleware.csrf import CsrfViewMiddleware

HTTP_SCHEME_OF = {"ws": "http", "wss": "https"}


def origin_trusted(scope):
    """Whether Django's CSRF origin check would accept this socket's Origin on a POST to the same place."""
    http_scope = {**scope, "method": "GET", "scheme": HTTP_SCHEME_OF.get(scope.get("scheme"), "http")}
    request = ASGIRequest(http_scope, io.BytesIO())
    if "HTTP_ORIGIN" not in request.META:
        return False  # browsers always send one on a websocket; refusing none keeps the old rule
    # Django's own rule rather than a copy of it, so the two checks can never drift apart.
    return CsrfViewMiddleware(lambda request: None)._origin_verified(request)


class CsrfOriginValidator:
    """ASGI middleware: refuses a websocket handshake whose Origin is not trusted (see origin_trusted)."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not origin_trusted(scope):
            # Closed here rather than by channels' WebsocketDenier, a consumer that would open a channel-layer
            # receive only to cancel it (a cancelled channels_redis receive can hang: seen in CI).
            if (await receive())["type"] == "websocket.connect":
                await send({"type": "websocket.close"})
            return None
        return await self.application(scope, receive, send)
