from django import forms
from django.contrib import admin

from topics_app.models import AuditEntry, Cluster


class ClusterForm(forms.ModelForm):
    password = forms.CharField(
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Never shown back. Leave empty to keep the current password.",
    )

    class Meta:
        model = Cluster
        fields = "__all__"

    def clean_password(self):
        # An empty field keeps the stored secret, since the form never renders it.
        return self.cleaned_data["password"] or (self.instance.password if self.instance.pk else "")


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    form = ClusterForm
    list_display = ("name", "bootstrap_servers", "security_protocol", "updated_at")
    fields = ("name", "bootstrap_servers", "security_protocol", "sasl_mechanism", "username", "password",
              "ca_certificate")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "username", "cluster", "action", "target", "result")
    list_filter = ("result", "action", "cluster")
    search_fields = ("username", "target", "action")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
