"""Numbers Kafka's int16/int32/int64 fields cannot hold, and times past the year 9999, are refused naming
the field (JSON 400 on the API, the form error or the site's 400 page on pages), never a 500."""
import pytest

from tests.kafka_groups import commit
from tests.topics import create_topic, numbered, produce_records

TOO_LATE = "100000000000000000000"


@pytest.fixture
def topic(unique_name, cluster):
    name = create_topic(unique_name("limits"), partitions=1)
    produce_records(name, numbered({0: 3}))
    return name


def assert_refused(response, field):
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["error"] in ("ValidationError", "InvalidRequest")
    assert field in (body.get("field"), *(body["detail"] if isinstance(body["detail"], dict) else ()))


@pytest.mark.parametrize("body, field", [
    ({"partitions": 2147483648}, "partitions"),
    ({"replication_factor": 32768}, "replication_factor"),
])
def test_a_topic_kafka_cannot_describe_is_refused(cluster, as_admin, unique_name, body, field):
    response = as_admin.post(f"/api/v1/clusters/{cluster.name}/topics/", {"name": unique_name("big"), **body},
                             content_type="application/json")

    assert_refused(response, field)


def test_a_partition_count_past_int32_is_refused(cluster, as_admin, topic):
    response = as_admin.post(f"/api/v1/clusters/{cluster.name}/topics/{topic}/partitions/", {"count": 2147483648},
                             content_type="application/json")

    assert_refused(response, "count")


@pytest.mark.parametrize("params, field", [
    ({"timestamp": TOO_LATE}, "timestamp"),
    ({"timestamp": "9223372036854775807", "order": "newest"}, "timestamp"),
    ({"cursor": "newest.backward.0-99999999999999999999"}, "cursor"),
])
def test_browsing_from_past_kafkas_numbers_is_refused(cluster, as_viewer, topic, params, field):
    api = as_viewer.get(f"/api/v1/clusters/{cluster.name}/topics/{topic}/messages/", params)
    export = as_viewer.get(f"/api/v1/clusters/{cluster.name}/topics/{topic}/messages/export/", params)
    page = as_viewer.get(f"/clusters/{cluster.name}/topics/{topic}/messages/", params)
    export_page = as_viewer.get(f"/clusters/{cluster.name}/topics/{topic}/messages/export/", params)

    assert_refused(api, field)
    assert_refused(export, field)
    assert page.status_code == 200
    assert page.context["form"].errors[field]
    assert export_page.status_code == 400
    assert field in export_page.content.decode()


def test_the_page_says_a_time_after_the_year_9999_is_out_of_range(cluster, as_viewer, topic):
    page = as_viewer.get(f"/clusters/{cluster.name}/topics/{topic}/messages/", {"timestamp": TOO_LATE})

    assert page.context["form"].errors["timestamp"] == ["The time must lie between the years 1 and 9999."]


def test_a_reset_to_a_time_past_the_year_9999_is_refused(cluster, as_operator, topic, unique_name):
    group = unique_name("g")
    commit(group, topic, {0: 1})

    response = as_operator.post(f"/api/v1/clusters/{cluster.name}/consumer-groups/{group}/reset-offsets/",
                                {"topic": topic, "to": "timestamp", "value": 1e30}, content_type="application/json")

    assert_refused(response, "value")
    assert response.json()["detail"] == "The time must lie between the years 1 and 9999."
