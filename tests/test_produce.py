"""Produce lands where it is asked, answers with partition and offset, and is audited."""
import pytest

from tests.message_helpers import get_page
from tests.topics import create_topic
from topics_app.models import AuditEntry


def url(cluster, topic):
    return f"/api/v1/clusters/{cluster.name}/topics/{topic}/messages/"


@pytest.fixture
def topic(unique_name, cluster):
    return create_topic(unique_name("produce"), partitions=4)


def test_produce_lands_on_the_asked_partition(cluster, as_operator, topic):
    offsets = []
    for _ in range(3):
        response = as_operator.post(url(cluster, topic), {"key": "k", "value": "v", "partition": 2},
                                    content_type="application/json")
        assert response.status_code == 201
        assert response.json()["partition"] == 2
        offsets.append(response.json()["offset"])

    assert offsets == [0, 1, 2]
    assert [m["offset"] for m in get_page(as_operator, cluster, topic, partition=2)["messages"]] == [0, 1, 2]
    assert get_page(as_operator, cluster, topic, partition=1)["messages"] == []


def test_without_a_partition_the_key_chooses_it_the_same_way_every_time(cluster, as_operator, topic):
    partitions = {as_operator.post(url(cluster, topic), {"key": "same-key", "value": str(i)},
                                   content_type="application/json").json()["partition"] for i in range(5)}

    assert len(partitions) == 1


def test_headers_are_stored_in_order(cluster, as_operator, topic):
    headers = [["a", "1"], ["b", "2"], ["a", "3"]]
    as_operator.post(url(cluster, topic), {"value": "v", "partition": 0, "headers": headers},
                     content_type="application/json")

    assert get_page(as_operator, cluster, topic, partition=0)["messages"][0]["headers"] == headers


def test_produce_is_audited_with_partition_and_offset(cluster, as_operator, topic):
    as_operator.post(url(cluster, topic), {"value": "v", "partition": 3}, content_type="application/json")

    entry = AuditEntry.objects.filter(action="produce", target=topic).get()
    assert entry.username == "operator-persona"
    assert entry.result == "ok"
    assert (entry.details["partition"], entry.details["offset"]) == (3, 0)


@pytest.mark.parametrize("body, field", [
    ({"value": "v", "partition": 99}, "partition"),
    ({"value": "v", "partition": -1}, "partition"),
    ({"value": "v", "partition": "two"}, "partition"),
    ({"value": "not base64!", "value_encoding": "base64"}, "value"),
    ({"key": "%%%", "key_encoding": "base64"}, "key"),
    ({"value": "v", "value_encoding": "latin-1"}, "value_encoding"),
    ({"value": "v", "headers": [["only-a-name"]]}, "headers"),
    ({"value": "v", "headers": [["", "x"]]}, "headers"),
    ({"value": "v", "headers": "h=1"}, "headers"),
    ({"value": 42}, "value"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(cluster, as_operator, topic, body, field):
    response = as_operator.post(url(cluster, topic), body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["field"] == field
    assert get_page(as_operator, cluster, topic)["messages"] == []


def test_producing_to_a_missing_topic_is_a_404_and_creates_nothing(cluster, as_operator, unique_name, as_viewer):
    missing = unique_name("missing")
    response = as_operator.post(url(cluster, missing), {"value": "v"}, content_type="application/json")

    assert response.status_code == 404
    assert as_viewer.get(url(cluster, missing)).status_code == 404


def test_the_produce_form_shows_where_the_record_landed(cluster, as_operator, topic):
    response = as_operator.post(f"/clusters/{cluster.name}/topics/{topic}/produce/", {
        "topic": topic, "partition": "1", "key": "k", "key_encoding": "utf-8", "value": "line one\r\nline two",
        "value_encoding": "utf-8", "headers": '{"trace": "t1"}', "headers_encoding": "utf-8"})

    html = response.content.decode()
    assert 'id="produced-partition">1<' in html
    assert 'id="produced-offset">0<' in html
    message = get_page(as_operator, cluster, topic, partition=1)["messages"][0]
    assert (message["key"], message["value"], message["headers"]) == ("k", "line one\nline two", [["trace", "t1"]])


def test_the_produce_form_names_the_bad_field(cluster, as_operator, topic):
    response = as_operator.post(f"/clusters/{cluster.name}/topics/{topic}/produce/", {
        "topic": topic, "partition": "9", "value": "v", "key_encoding": "utf-8", "value_encoding": "utf-8",
        "headers": "", "headers_encoding": "utf-8"})

    assert response.status_code == 200
    assert response.context["form"].errors["partition"]


def test_produce_again_fills_the_form_with_the_message_for_another_topic(cluster, as_operator, topic, unique_name):
    as_operator.post(url(cluster, topic), {"key": "k1", "value": '{"a": 1}', "partition": 2,
                                           "headers": [["h", "v"]]}, content_type="application/json")
    other = create_topic(unique_name("other"))

    form = as_operator.get(f"/clusters/{cluster.name}/topics/{topic}/produce/",
                           {"partition": 2, "offset": 0}).context["form"]
    data = {**form.initial, "topic": other, "partition": ""}
    response = as_operator.post(f"/clusters/{cluster.name}/topics/{topic}/produce/", data)

    assert response.context["produced"].topic == other
    copied = get_page(as_operator, cluster, other)["messages"][0]
    assert (copied["key"], copied["value"], copied["headers"]) == ("k1", '{"a": 1}', [["h", "v"]])
