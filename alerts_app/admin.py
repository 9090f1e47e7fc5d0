from django import forms
from django.contrib import admin

from alerts_app.models import AlertRule, Delivery, Firing
from alerts_app.services.rules import checked_fields
from topics_app.admin import AuditedAdmin
from topics_app.errors import InvalidRequest


class AlertRuleAdminForm(forms.ModelForm):
    """The same checks as the pages and the API: a pattern that compiles, http(s) webhooks, real addresses."""

    class Meta:
        model = AlertRule
        fields = "__all__"

    def clean(self):
        data = super().clean()
        try:
            checked = checked_fields({**data, "kind": data.get("kind"), "channels": data.get("channels") or []})
        except InvalidRequest as error:
            field = error.field if error.field in self.fields else None
            raise forms.ValidationError({field: error.message} if field else error.message) from error
        return {**data, **{k: v for k, v in checked.items() if k in self.fields}}


@admin.register(AlertRule)
class AlertRuleAdmin(AuditedAdmin):
    form = AlertRuleAdminForm
    list_display = ("name", "kind", "cluster", "target", "threshold", "for_s", "silenced_until")
    list_filter = ("kind", "cluster")
    readonly_fields = ("evaluation_error", "created_by")

    def audit_cluster(self, rule):
        return rule.cluster.name


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by the evaluation and the sending task only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Firing)
class FiringAdmin(ReadOnlyAdmin):
    list_display = ("rule", "subject", "state", "value", "since", "resolved_at", "silenced")
    list_filter = ("state",)


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ("firing", "destination", "transition", "state", "attempts", "last_error", "delivered_at")
    list_filter = ("state",)
