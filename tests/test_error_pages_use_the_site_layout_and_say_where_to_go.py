"""403, 404 and 500 pages are Strom pages: its header, what happened, and links to go on from."""
from django.template import loader
from django.test import Client

HOME_LINK = '<a href="/">Strom</a>'


def test_an_unknown_address_is_a_404_page_with_the_header(as_viewer):
    response = as_viewer.get("/clusters/local/no/such/page/")
    body = response.content.decode()

    assert response.status_code == 404
    assert HOME_LINK in body
    assert 'id="user-name">viewer-persona<' in body
    assert "There is nothing at <code>/clusters/local/no/such/page/</code>" in body
    assert 'href="/">Go to the clusters</a>' in body


def test_a_page_the_role_does_not_allow_is_a_403_page_naming_the_role_needed(cluster, as_viewer):
    response = as_viewer.get(f"/clusters/{cluster.name}/topics/+new/")
    body = response.content.decode()

    assert response.status_code == 403
    assert HOME_LINK in body
    assert "This needs the admin role." in body
    assert "You are signed in as <strong>viewer-persona</strong>" in body


def test_the_500_page_renders_without_a_request(settings):
    body = loader.get_template("500.html").render()

    assert HOME_LINK in body
    assert "Server error" in body
    assert 'href="/">Go to the clusters</a>' in body


def test_a_server_error_answers_the_500_page(settings, as_viewer, monkeypatch):
    """Django's own handler, as a crash in any view reaches it."""
    client = Client(raise_request_exception=False)
    client.cookies = as_viewer.cookies
    monkeypatch.setattr("topics_app.views.clusters.Cluster.ensure_default", lambda: 1 / 0)
    response = client.get("/")

    assert response.status_code == 500
    assert "Strom hit an error while answering this request." in response.content.decode()


def test_the_live_page_of_a_missing_topic_is_a_404(cluster, as_viewer, unique_name):
    response = as_viewer.get(f"/clusters/{cluster.name}/topics/{unique_name('never')}/live/")

    assert response.status_code == 404
    assert "No topic named" in response.content.decode()
