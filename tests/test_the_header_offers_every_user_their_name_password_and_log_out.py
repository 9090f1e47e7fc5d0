"""Whatever the role, the header names the user and offers Change password and Log out, and the site's
name leads to Strom's home, never to the Django admin (which refuses users who are not staff)."""
import re

import pytest


@pytest.mark.parametrize("role", ["viewer", "operator", "admin"])
def test_every_role_sees_its_name_change_password_and_log_out(role, request, cluster):
    client = request.getfixturevalue(f"as_{role}")
    header = re.search(r'<header id="header">(.*?)</header>', client.get("/").content.decode(), re.S)[1]

    assert f'<strong id="user-name">{role}-persona</strong>' in header
    assert '<a href="/accounts/password/" id="change-password">Change password</a>' in header
    assert re.search(r'<form id="logout-form" method="post" action="/accounts/logout/">', header)
    assert '<div id="site-name"><a href="/">Strom</a></div>' in header


def test_only_staff_are_offered_the_django_admin(cluster, as_viewer, as_admin):
    assert 'href="/admin/"' not in as_viewer.get("/").content.decode()
    assert 'href="/admin/"' in as_admin.get("/").content.decode()


def test_the_django_admin_names_strom_and_leads_home(as_admin):
    assert '<div id="site-name"><a href="/">Strom</a></div>' in as_admin.get("/admin/").content.decode()
