from django.urls import path

from connect_app import views

app_name = "connect_app"
CONNECTOR = "connect/<slug:connect>/connectors/<str:name>/"

urlpatterns = [
    path("connect/", views.connect_list, name="connect-list"),
    path("connect/<slug:connect>/", views.connector_list, name="connector-list"),
    path("connect/<slug:connect>/plugins/", views.plugin_list, name="plugin-list"),
    path("connect/<slug:connect>/connectors/+new/", views.connector_create, name="connector-create"),
    path(CONNECTOR, views.connector_detail, name="connector-detail"),
    path(CONNECTOR + "config/", views.connector_edit, name="connector-edit"),
    path(CONNECTOR + "tasks/<int:task>/restart/", views.task_restart, name="task-restart"),
    path(CONNECTOR + "reset-offsets/", views.connector_reset_offsets, name="connector-reset-offsets"),
    path(CONNECTOR + "delete/", views.connector_delete, name="connector-delete"),
    path(CONNECTOR + "<slug:action>/", views.connector_action, name="connector-action"),
]
