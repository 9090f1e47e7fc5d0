from django.urls import path

from connect_app import api

CONNECTOR = "connect/<slug:connect>/connectors/<str:name>/"

urlpatterns = [
    path("connect/", api.connect_list, name="api-connect-list"),
    path("connect/<slug:connect>/plugins/", api.plugin_list, name="api-connect-plugins"),
    path("connect/<slug:connect>/connectors/", api.connector_collection, name="api-connector-list"),
    path(CONNECTOR, api.connector_item, name="api-connector-detail"),
    path(CONNECTOR + "config/", api.connector_config, name="api-connector-config"),
    path(CONNECTOR + "pause/", api.pause, name="api-connector-pause"),
    path(CONNECTOR + "resume/", api.resume, name="api-connector-resume"),
    path(CONNECTOR + "stop/", api.stop, name="api-connector-stop"),
    path(CONNECTOR + "restart/", api.restart, name="api-connector-restart"),
    path(CONNECTOR + "tasks/<int:task>/restart/", api.restart_task, name="api-connector-task-restart"),
    path(CONNECTOR + "offsets/", api.offsets, name="api-connector-offsets"),
]
