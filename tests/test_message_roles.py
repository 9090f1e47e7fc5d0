"""Viewers browse and export; only operators produce; nobody browses without logging in."""
import pytest
from django.test import Client

from tests.topics import T0, create_topic, produce_records


@pytest.fixture
def topic(unique_name, cluster):
    """A topic holding one message, so the pages have a row to offer "Produce again" on."""
    name = create_topic(unique_name("roles"))
    produce_records(name, [(0, b"k", b"v", T0)])
    return name


def test_a_viewer_may_browse_and_export(cluster, as_viewer, topic):
    base = f"/clusters/{cluster.name}/topics/{topic}/messages/"
    assert as_viewer.get(base).status_code == 200
    assert as_viewer.get(f"/api/v1{base}").status_code == 200
    assert as_viewer.get(f"/api/v1{base}export/").status_code == 200


def test_a_viewer_may_not_produce(cluster, as_viewer, topic):
    response = as_viewer.post(f"/api/v1/clusters/{cluster.name}/topics/{topic}/messages/", {"value": "v"},
                              content_type="application/json")

    assert response.status_code == 403
    assert response.json() == {"error": "PermissionDenied", "detail": "This needs the operator role."}
    assert as_viewer.get(f"/clusters/{cluster.name}/topics/{topic}/produce/").status_code == 403


def test_only_an_operator_is_offered_to_produce_a_message_again(cluster, as_operator, as_viewer, topic):
    base = f"/clusters/{cluster.name}/topics/{topic}"
    for page in (f"{base}/messages/", f"{base}/messages/0/0/"):
        operator_sees, viewer_sees = as_operator.get(page).content.decode(), as_viewer.get(page).content.decode()

        assert "Produce again" in operator_sees
        assert f"{base}/produce/?partition=0&amp;offset=0" in operator_sees
        assert "Produce again" not in viewer_sees
        assert f"{base}/produce/" not in viewer_sees


def test_an_operator_may_produce(cluster, as_operator, topic):
    assert as_operator.get(f"/clusters/{cluster.name}/topics/{topic}/produce/").status_code == 200
    response = as_operator.post(f"/api/v1/clusters/{cluster.name}/topics/{topic}/messages/", {"value": "v"},
                                content_type="application/json")
    assert response.status_code == 201


def test_anonymous_users_are_turned_away(cluster, client, topic):
    assert client.get(f"/clusters/{cluster.name}/topics/{topic}/messages/").status_code == 302
    assert client.get(f"/api/v1/clusters/{cluster.name}/topics/{topic}/messages/").status_code == 403


def test_the_produce_form_is_csrf_protected(cluster, personas, topic):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["operator"])
    response = client.post(f"/clusters/{cluster.name}/topics/{topic}/produce/", {"topic": topic, "value": "v"})

    assert response.status_code == 403
