from django.urls import path

from streams_app import views

app_name = "streams_app"

urlpatterns = [
    path("clusters/<slug:cluster>/topics/<str:topic>/messages/", views.messages_page, name="messages"),
    path("clusters/<slug:cluster>/topics/<str:topic>/messages/export/", views.export_page, name="export"),
    path("clusters/<slug:cluster>/topics/<str:topic>/messages/<int:partition>/<int:offset>/",
         views.message_page, name="message"),
    path("clusters/<slug:cluster>/topics/<str:topic>/live/", views.live_page, name="live"),
    path("clusters/<slug:cluster>/topics/<str:topic>/produce/", views.produce_page, name="produce"),
]
