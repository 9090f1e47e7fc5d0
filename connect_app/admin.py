from django.contrib import admin

from connect_app.models import ConnectCluster
from topics_app.admin import AuditedAdmin, PasswordKeepingForm


class ConnectClusterForm(PasswordKeepingForm):
    class Meta:
        model = ConnectCluster
        fields = "__all__"


@admin.register(ConnectCluster)
class ConnectClusterAdmin(AuditedAdmin):
    form = ConnectClusterForm
    list_display = ("name", "url", "kafka_cluster", "updated_at")
    fields = ("name", "url", "kafka_cluster", "username", "password", "ca_certificate")

    def audit_cluster(self, connect):
        return connect.name
