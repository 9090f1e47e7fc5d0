from django.urls import path

from streams_app.consumers import LiveConsumer
from streams_app.jobs import routing as job_routing

websocket_urlpatterns = [
    path("ws/clusters/<slug:cluster>/topics/<str:topic>/live/", LiveConsumer.as_asgi()),
    *job_routing.websocket_urlpatterns,
]
