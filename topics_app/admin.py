from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from topics_app.models import AuditEntry, Cluster

User = get_user_model()


class AuditedAdmin(admin.ModelAdmin):
    """Every add, change and delete made in the Django admin is also written to Strom's audit log.

    The actions are named like Django's permissions (add_user, change_cluster, delete_group); the
    details say what changed in the admin's own words, never a field's value (a password stays secret).
    """

    def audit(self, request, verb, obj, changes):
        AuditEntry.record(request.user, f"{verb}_{obj._meta.model_name}", cluster=self.audit_cluster(obj),
                          target=str(obj), details={"changes": changes, **self.audit_details(obj)})

    def audit_cluster(self, obj):
        return ""

    def audit_details(self, obj):
        return {}

    def log_addition(self, request, obj, message):
        self.audit(request, "add", obj, message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self.audit(request, "change", obj, message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self.audit(request, "delete", obj, [{"deleted": {}}])
        return super().log_deletions(request, queryset)


def permission_names(permissions):
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions.select_related("content_type")}


def held_permissions(user):
    """The permissions a user has directly or through a group, active or not (reactivating gives them back)."""
    return permission_names(Permission.objects.filter(Q(user=user) | Q(group__user=user)).distinct())


def grantable_groups(actor):
    """The groups `actor` may hand out: those that give nothing `actor` lacks."""
    lacking = Permission.objects.exclude(
        pk__in=Permission.objects.filter(Q(user=actor) | Q(group__user=actor)).values("pk"))
    return Group.objects.exclude(permissions__in=lacking)


def outranks(user, actor):
    """Whether `user` holds a privilege `actor` does not; only a superuser changes or deletes such a user
    (changing their password would be a way into their privileges)."""
    if actor.is_superuser:
        return False
    return user.is_superuser or not held_permissions(user) <= held_permissions(actor)


admin.site.unregister(User)


@admin.register(User)
class StromUserAdmin(AuditedAdmin, UserAdmin):
    """Strom's admins manage users, but only a superuser grants superuser or staff status or permissions:
    an admin may hand out no group that gives more than it holds itself, and may not touch a user who outranks it."""

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return readonly
        return (*readonly, "is_superuser", "is_staff", "user_permissions")

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = grantable_groups(request.user)
        return super().formfield_for_manytomany(db_field, request=request, **kwargs)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and not (obj is not None and outranks(obj, request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and not (obj is not None and outranks(obj, request.user))

    def audit_details(self, user):
        return {"privileges": {
            "is_active": user.is_active,
            "is_staff": user.is_staff,
            "is_superuser": user.is_superuser,
            "groups": sorted(user.groups.values_list("name", flat=True)),
            "permissions": sorted(permission_names(user.user_permissions)),
        }}


admin.site.unregister(Group)


@admin.register(Group)
class StromGroupAdmin(AuditedAdmin, GroupAdmin):
    def audit_details(self, group):
        return {"permissions": sorted(permission_names(group.permissions))}


class PasswordKeepingForm(forms.ModelForm):
    """A model form whose `password` is never shown back; left empty, it keeps the stored one."""

    password = forms.CharField(
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Never shown back. Leave empty to keep the current password.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The stored secret is never the field's starting value: only a typed password counts as a change
        # (in the admin's history and the audit log).
        self.initial["password"] = ""

    def clean_password(self):
        # An empty field keeps the stored secret, since the form never renders it.
        return self.cleaned_data["password"] or (self.instance.password if self.instance.pk else "")


class ClusterForm(PasswordKeepingForm):
    class Meta:
        model = Cluster
        fields = "__all__"


@admin.register(Cluster)
class ClusterAdmin(AuditedAdmin):
    form = ClusterForm
    list_display = ("name", "bootstrap_servers", "security_protocol", "updated_at")
    fields = ("name", "bootstrap_servers", "security_protocol", "sasl_mechanism", "username", "password",
              "ca_certificate")

    def audit_cluster(self, cluster):
        return cluster.name


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
