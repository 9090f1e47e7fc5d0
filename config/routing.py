"""Websocket routes. The live viewer and job progress sockets are added by streams_app."""
from streams_app import job_routing, routing

websocket_urlpatterns = [*routing.websocket_urlpatterns, *job_routing.websocket_urlpatterns]
