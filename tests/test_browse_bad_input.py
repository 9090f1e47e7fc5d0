"""Bad browse parameters get a 400 naming the field, on the API and on the page."""
import pytest

from tests.topics import create_topic


@pytest.fixture
def topic(unique_name, cluster):
    return create_topic(unique_name("bad"), partitions=2)


@pytest.mark.parametrize("params, field", [
    ({"limit": 0}, "limit"),
    ({"limit": 1001}, "limit"),
    ({"limit": "ten"}, "limit"),
    ({"offset": -1}, "offset"),
    ({"offset": "x"}, "offset"),
    ({"partition": 2}, "partition"),
    ({"partition": -1}, "partition"),
    ({"timestamp": "yesterday"}, "timestamp"),
    ({"offset": 1, "timestamp": 5}, "timestamp"),
    ({"order": "sideways"}, "order"),
    ({"cursor": "oldest.forward.7-0"}, "cursor"),
])
def test_bad_browse_parameters_are_refused_naming_the_field(cluster, as_viewer, topic, params, field):
    response = as_viewer.get(f"/api/v1/clusters/{cluster.name}/topics/{topic}/messages/", params)

    assert response.status_code == 400, response.content
    assert response.json()["field"] == field
    assert response.json()["error"] == "InvalidRequest"


def test_the_page_shows_the_error_next_to_the_field(cluster, as_viewer, topic):
    response = as_viewer.get(f"/clusters/{cluster.name}/topics/{topic}/messages/", {"limit": 5000})

    assert response.status_code == 200
    assert response.context["form"].errors["limit"]


def test_a_missing_topic_is_a_404(cluster, as_viewer, unique_name):
    missing = unique_name("missing")
    assert as_viewer.get(f"/api/v1/clusters/{cluster.name}/topics/{missing}/messages/").status_code == 404
    assert as_viewer.get(f"/clusters/{cluster.name}/topics/{missing}/messages/").status_code == 404
