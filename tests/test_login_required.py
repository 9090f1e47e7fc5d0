"""Anonymous users reach nothing: pages send them to the login page, the API answers 403."""
import pytest
from django.test import Client
from rest_framework.authtoken.models import Token


@pytest.mark.parametrize("path", ["/", "/clusters/local/", "/clusters/local/topics/"])
def test_anonymous_users_are_sent_to_the_login_page(db, path):
    response = Client().get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("path", ["/api/v1/clusters/", "/api/v1/clusters/local/"])
def test_the_api_refuses_anonymous_users_with_a_json_error(db, path):
    response = Client().get(path)

    assert response.status_code == 403
    assert "error" in response.json()


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_the_api_documentation_needs_a_login_too(db, path):
    assert Client().get(path).status_code == 403


def test_the_api_accepts_a_token(db, personas):
    token = Token.objects.create(user=personas["viewer"])

    response = Client().get("/api/v1/clusters/", HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.status_code == 200


def test_a_user_without_a_role_is_refused(db, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="x")
    client = Client()
    client.force_login(user)

    assert client.get("/").status_code == 403
    assert client.get("/api/v1/clusters/").status_code == 403


def test_a_viewer_logs_in_through_the_login_form(db, personas):
    client = Client()

    response = client.post("/accounts/login/?next=/", {"username": "viewer-persona", "password": "persona-password"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
