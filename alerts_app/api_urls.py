from django.urls import path

from alerts_app import api

urlpatterns = [
    path("alerts/", api.alert_list, name="api-alert-list"),
    path("alerts/rules/", api.rule_collection, name="api-alert-rules"),
    path("alerts/rules/<int:rule_id>/", api.rule_item, name="api-alert-rule"),
    path("alerts/rules/<int:rule_id>/silence/", api.silence, name="api-alert-rule-silence"),
]
