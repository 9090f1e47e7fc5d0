"""Change password works for every role, not only staff: a viewer changes theirs outside the Django admin."""
from django.test import Client


def test_a_viewer_changes_their_password_and_signs_in_with_the_new_one(as_viewer):
    assert as_viewer.get("/accounts/password/").status_code == 200
    response = as_viewer.post("/accounts/password/", {
        "old_password": "persona-password", "new_password1": "a new long passphrase",
        "new_password2": "a new long passphrase"}, follow=True)

    assert response.redirect_chain == [("/", 302)]
    assert "Your password was changed." in response.content.decode()
    assert as_viewer.get("/").status_code == 200  # still signed in
    assert Client().login(username="viewer-persona", password="a new long passphrase")
    assert not Client().login(username="viewer-persona", password="persona-password")


def test_a_wrong_old_password_is_refused_at_its_field(as_viewer):
    response = as_viewer.post("/accounts/password/", {
        "old_password": "not it", "new_password1": "a new long passphrase",
        "new_password2": "a new long passphrase"})

    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    assert Client().login(username="viewer-persona", password="persona-password")
