"""A cursor past the log end (made up, or from before the topic was made again) reads nothing: an empty page
with no next or previous page, rather than a wait for records that are not there and itself as `next`."""
import pytest

from tests.topics import create_topic, numbered, produce_records


@pytest.fixture
def topic(unique_name, cluster):
    name = create_topic(unique_name("past"), partitions=2)
    produce_records(name, numbered({0: 5, 1: 5}))
    return name


@pytest.mark.parametrize("cursor", [
    "newest.backward.0-5_1-99999",
    "newest.backward.0-99999_1-99999",
    "oldest.forward.0-99999_1-0",
    "oldest.backward.0-99999_1-99999",
])
def test_a_cursor_past_the_log_end_answers_an_empty_page_with_no_next(cluster, as_viewer, topic, cursor):
    response = as_viewer.get(f"/api/v1/clusters/{cluster.name}/topics/{topic}/messages/", {"cursor": cursor})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["messages"] == []
    assert body["next"] is None
    assert body["prev"] is None


def test_a_cursor_at_the_log_end_still_pages_back_through_the_records(cluster, as_viewer, topic):
    response = as_viewer.get(f"/api/v1/clusters/{cluster.name}/topics/{topic}/messages/",
                             {"cursor": "newest.backward.0-5_1-5"})

    assert len(response.json()["messages"]) == 10
