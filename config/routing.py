"""Websocket routes. The live viewer and job progress sockets are added by streams_app."""
from streams_app import job_routing

websocket_urlpatterns = []
websocket_urlpatterns += job_routing.websocket_urlpatterns
