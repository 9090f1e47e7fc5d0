"""Every user, group and cluster added, changed or deleted in the Django admin is in Strom's audit log,
with who did it and what changed (never a password)."""
import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from tests.admin_forms import submit
from topics_app.models import AuditEntry, Cluster


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("root-persona", password="root-password")


def signed_in(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def entry(action, target):
    return AuditEntry.objects.get(action=action, target=target)


def test_adding_changing_and_deleting_a_user_is_audited(superuser, django_user_model):
    client = signed_in(superuser)

    submit(client, "/admin/auth/user/add/", "user_form", username="newcomer", usable_password="true",
           password1="a long new password", password2="a long new password")
    newcomer = django_user_model.objects.get(username="newcomer")
    submit(client, f"/admin/auth/user/{newcomer.pk}/change/", "user_form", is_staff="on", is_superuser="on",
           groups=[str(Group.objects.get(name="operator").pk)])
    submit(client, f"/admin/auth/user/{newcomer.pk}/password/", "user_form", usable_password="true",
           password1="another long password", password2="another long password")
    submit(client, f"/admin/auth/user/{newcomer.pk}/delete/", None)

    added, changed = entry("add_user", "newcomer"), AuditEntry.objects.filter(action="change_user", target="newcomer")
    deleted = entry("delete_user", "newcomer")
    assert {added.username, deleted.username, *changed.values_list("username", flat=True)} == {"root-persona"}
    assert added.result == "ok" and added.details["privileges"]["is_superuser"] is False
    granted, new_password = changed.order_by("at", "pk")
    assert granted.details["privileges"] == {"is_active": True, "is_staff": True, "is_superuser": True,
                                             "groups": ["operator"], "permissions": []}
    assert granted.details["changes"] == [{"changed": {"fields": ["Staff status", "Superuser status", "Groups"]}}]
    assert new_password.details["changes"] == [{"changed": {"fields": ["password"]}}]
    assert "another long password" not in str(new_password.details)
    assert deleted.details["privileges"]["groups"] == ["operator"]
    assert not django_user_model.objects.filter(username="newcomer").exists()


def test_an_admins_attempt_to_become_superuser_is_audited_as_what_happened(personas):
    admin = personas["admin"]

    submit(signed_in(admin), f"/admin/auth/user/{admin.pk}/change/", "user_form", is_superuser="on",
           first_name="Ambitious")

    audited = entry("change_user", "admin-persona")
    assert audited.username == "admin-persona"
    assert audited.details["changes"] == [{"changed": {"fields": ["First name"]}}]
    assert audited.details["privileges"]["is_superuser"] is False


def test_adding_changing_and_deleting_a_group_is_audited(superuser):
    client = signed_in(superuser)
    edit_tasks = Permission.objects.get(codename="change_periodictask")

    submit(client, "/admin/auth/group/add/", "group_form", name="schedulers")
    group = Group.objects.get(name="schedulers")
    submit(client, f"/admin/auth/group/{group.pk}/change/", "group_form", permissions=[str(edit_tasks.pk)])
    submit(client, f"/admin/auth/group/{group.pk}/delete/", None)

    assert entry("add_group", "schedulers").details["permissions"] == []
    assert entry("change_group", "schedulers").details["permissions"] == ["django_celery_beat.change_periodictask"]
    assert entry("delete_group", "schedulers").username == "root-persona"
    assert not Group.objects.filter(name="schedulers").exists()


def test_an_admin_adding_changing_and_deleting_a_cluster_is_audited_without_its_password(personas, unique_name):
    client = signed_in(personas["admin"])
    name = unique_name("audited")

    submit(client, "/admin/topics_app/cluster/add/", "cluster_form", name=name,
           bootstrap_servers="127.0.0.1:1", security_protocol="SASL_PLAINTEXT", sasl_mechanism="PLAIN",
           username="strom", password="sasl-secret-value")
    cluster = Cluster.objects.get(name=name)
    submit(client, f"/admin/topics_app/cluster/{cluster.pk}/change/", "cluster_form",
           bootstrap_servers="127.0.0.1:2")
    submit(client, f"/admin/topics_app/cluster/{cluster.pk}/delete/", None)

    entries = AuditEntry.objects.filter(cluster=name, target=name)
    assert set(entries.values_list("action", "username", "result")) == {
        ("add_cluster", "admin-persona", "ok"), ("change_cluster", "admin-persona", "ok"),
        ("delete_cluster", "admin-persona", "ok")}
    assert entry("change_cluster", name).details["changes"] == [{"changed": {"fields": ["Bootstrap servers"]}}]
    assert "sasl-secret-value" not in str(list(entries.values("details", "error")))
    assert not Cluster.objects.filter(name=name).exists()
