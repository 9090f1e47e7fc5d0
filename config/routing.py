"""Websocket routes. The live viewer and job progress sockets are added by streams_app."""

websocket_urlpatterns = []
