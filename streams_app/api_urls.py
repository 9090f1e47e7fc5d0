from django.urls import path

from streams_app import api

urlpatterns = [
    path("clusters/<slug:cluster>/topics/<str:topic>/messages/", api.messages, name="api-messages"),
    path("clusters/<slug:cluster>/topics/<str:topic>/messages/export/", api.export_messages,
         name="api-messages-export"),
]
