from django.urls import path

from streams_app.consumers import LiveConsumer

websocket_urlpatterns = [
    path("ws/clusters/<slug:cluster>/topics/<str:topic>/live/", LiveConsumer.as_asgi()),
]
