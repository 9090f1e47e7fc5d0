"""Websocket routes. The live viewer and job progress sockets are added by streams_app."""
from streams_app.routing import websocket_urlpatterns as streams_websockets

websocket_urlpatterns = [*streams_websockets]
