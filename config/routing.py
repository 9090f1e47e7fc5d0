"""Websocket routes: the live viewer and job progress sockets, both from streams_app."""
from streams_app.routing import websocket_urlpatterns

__all__ = ["websocket_urlpatterns"]
