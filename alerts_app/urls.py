from django.urls import path

from alerts_app import views

app_name = "alerts_app"

urlpatterns = [
    path("alerts/", views.rule_list, name="rule-list"),
    path("alerts/rules/+new/", views.rule_create, name="rule-create"),
    path("alerts/rules/<int:rule_id>/", views.rule_detail, name="rule-detail"),
    path("alerts/rules/<int:rule_id>/edit/", views.rule_edit, name="rule-edit"),
    path("alerts/rules/<int:rule_id>/silence/", views.rule_silence, name="rule-silence"),
    path("alerts/rules/<int:rule_id>/delete/", views.rule_delete, name="rule-delete"),
]
