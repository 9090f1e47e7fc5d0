"""Strom's admins manage users in the Django admin, but cannot raise anyone's privileges above their own:
only a superuser grants superuser or staff status, permissions, or a group that gives more."""
import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from tests.admin_forms import submit
from topics_app.roles import role_of


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("root-persona", password="root-password")


def signed_in(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def csrf_token(client):
    """The token a page of the admin hands this client, for posting to a page that refuses to show its form."""
    client.get("/admin/")
    return client.cookies["csrftoken"].value


def change_url(user):
    return f"/admin/auth/user/{user.pk}/change/"


def test_an_admin_cannot_make_itself_a_superuser_or_give_itself_permissions(personas):
    admin = personas["admin"]
    edit_tasks = Permission.objects.get(codename="change_periodictask")
    client = signed_in(admin)

    response = submit(client, change_url(admin), "user_form", is_superuser="on", is_staff="on",
                      user_permissions=[str(edit_tasks.pk)])

    admin.refresh_from_db()
    assert response.status_code == 302
    assert not admin.is_superuser
    assert not admin.user_permissions.exists()
    assert client.get("/admin/django_celery_beat/periodictask/").status_code == 403
    assert client.post(f"/admin/auth/group/{Group.objects.get(name='viewer').pk}/change/",
                       {"name": "renamed"}).status_code == 403


def test_an_admin_cannot_take_away_its_own_staff_status_either(personas):
    admin = personas["admin"]

    submit(signed_in(admin), change_url(admin), "user_form", is_staff=None)

    admin.refresh_from_db()
    assert admin.is_staff


def test_an_admin_gives_and_changes_roles(personas):
    viewer = personas["viewer"]

    response = submit(signed_in(personas["admin"]), change_url(viewer), "user_form",
                      groups=[str(Group.objects.get(name="operator").pk)])

    assert response.status_code == 302
    assert role_of(viewer) == "operator"


def test_an_admin_cannot_hand_out_a_group_that_gives_more_than_it_holds(personas):
    viewer = personas["viewer"]
    beat_editors = Group.objects.create(name="beat-editors")
    beat_editors.permissions.add(Permission.objects.get(codename="change_periodictask"))

    response = submit(signed_in(personas["admin"]), change_url(viewer), "user_form", groups=[str(beat_editors.pk)])

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not viewer.groups.filter(name="beat-editors").exists()


def test_an_admin_cannot_change_delete_or_set_the_password_of_a_superuser(personas, superuser):
    client = signed_in(personas["admin"])
    password_url = f"/admin/auth/user/{superuser.pk}/password/"

    assert client.get(password_url).status_code == 403
    token = csrf_token(client)
    changed_password = client.post(password_url, {"csrfmiddlewaretoken": token, "usable_password": "true",
                                                  "password1": "taken-over-now", "password2": "taken-over-now"})
    changed = client.post(change_url(superuser), {"csrfmiddlewaretoken": token, "username": "root-persona",
                                                  "is_active": ""})
    deleted = client.post(f"/admin/auth/user/{superuser.pk}/delete/", {"csrfmiddlewaretoken": token, "post": "yes"})

    superuser.refresh_from_db()
    assert (changed_password.status_code, changed.status_code, deleted.status_code) == (403, 403, 403)
    assert superuser.check_password("root-password") and superuser.is_active


def test_an_admin_cannot_take_over_a_user_who_holds_more_permissions(personas, django_user_model):
    scheduler = django_user_model.objects.create_user("scheduler", password="scheduler-password", is_staff=True)
    scheduler.user_permissions.add(Permission.objects.get(codename="change_periodictask"))
    client = signed_in(personas["admin"])
    password_url = f"/admin/auth/user/{scheduler.pk}/password/"

    opened = client.get(password_url)
    posted = client.post(password_url, {"csrfmiddlewaretoken": csrf_token(client), "usable_password": "true",
                                        "password1": "taken-over-now", "password2": "taken-over-now"})

    scheduler.refresh_from_db()
    assert (opened.status_code, posted.status_code) == (403, 403)
    assert scheduler.check_password("scheduler-password")


def test_a_superuser_grants_superuser_and_staff_status(personas, superuser):
    viewer = personas["viewer"]

    response = submit(signed_in(superuser), change_url(viewer), "user_form", is_superuser="on", is_staff="on")

    viewer.refresh_from_db()
    assert response.status_code == 302
    assert viewer.is_superuser and viewer.is_staff
