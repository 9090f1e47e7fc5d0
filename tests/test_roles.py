"""The roles exist after migrating, and users are created with one."""
from django.contrib.auth.models import Group
from django.core.management import call_command

from topics_app.roles import role_of


def test_the_viewer_operator_and_admin_roles_exist_after_migrating(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {"viewer", "operator", "admin"}


def test_the_admin_role_may_manage_clusters_and_users(db):
    codenames = set(Group.objects.get(name="admin").permissions.values_list("codename", flat=True))

    assert {"add_cluster", "change_cluster", "add_user", "change_user", "view_auditentry"} <= codenames


def test_create_user_gives_the_asked_role(db, django_user_model, capsys):
    call_command("create_user", "olga", "--role", "operator")

    user = django_user_model.objects.get(username="olga")
    assert role_of(user) == "operator"
    assert not user.is_staff
    assert "Password: " in capsys.readouterr().out


def test_an_admin_created_by_command_can_open_the_django_admin(db, django_user_model, client):
    call_command("create_user", "ada", "--role", "admin", "--password", "a-long-password")

    assert client.login(username="ada", password="a-long-password")
    assert client.get("/admin/topics_app/cluster/").status_code == 200
