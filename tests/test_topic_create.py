"""Creating topics: what Strom sets is what Kafka holds, and every refusal names its field."""
import html
import re

import pytest

from tests.conftest import BOOTSTRAP, run_tool
from tests.topics import kafka_describe, kafka_topic_configs, kafka_topic_names


def create_page(cluster):
    return f"/clusters/{cluster.name}/topics/+new/"


def errors_shown(response):
    """{field: [message, ...]} as the page shows them, next to each field."""
    shown = {}
    page = response.content.decode()
    for field, items in re.findall(r'<div class="form-row errors field-(\w+)">\s*<ul class="errorlist"[^>]*>(.*?)</ul>',
                                   page, re.S):
        shown[field] = [html.unescape(m) for m in re.findall(r"<li>(.*?)</li>", items, re.S)]
    return shown


def test_an_admin_creates_a_topic_with_human_units_on_the_page(cluster, as_admin, unique_name):
    name = unique_name()

    response = as_admin.post(create_page(cluster), {
        "name": name, "partitions": 6, "replication_factor": 1,
        "retention_amount": 3, "retention_unit": "days", "cleanup_policy": "compact,delete",
        "segment_bytes_amount": 64, "segment_bytes_unit": "MB",
        "extra_configs": "compression.type=zstd",
    })

    assert response.status_code == 302
    assert len(kafka_describe(name)) == 6
    assert kafka_topic_configs(name) == {
        "retention.ms": str(3 * 86_400_000),
        "cleanup.policy": "compact,delete",
        "segment.bytes": str(64 * 1024 * 1024),
        "compression.type": "zstd",
    }


def test_forever_retention_is_minus_one(cluster, as_admin, unique_name):
    name = unique_name()

    as_admin.post(create_page(cluster), {"name": name, "partitions": 1, "replication_factor": 1,
                                         "retention_unit": "forever"})

    assert kafka_topic_configs(name)["retention.ms"] == "-1"


def test_the_api_creates_a_topic_and_answers_with_its_description(cluster, as_admin, unique_name):
    name = unique_name()

    response = as_admin.post(f"/api/v1/clusters/{cluster.name}/topics/",
                             {"name": name, "partitions": 3, "replication_factor": 1,
                              "configs": {"retention.ms": "3600000"}}, content_type="application/json")

    assert response.status_code == 201
    assert [p["partition"] for p in response.json()["partitions"]] == [0, 1, 2]
    assert kafka_topic_configs(name) == {"retention.ms": "3600000"}


RULE = "A topic name is 1 to 249 characters: ASCII letters, digits, '.', '_' and '-'."


@pytest.mark.parametrize("bad_name, message", [
    ("has space", RULE), ("x" * 250, RULE), ("emoji-🙂", RULE), ("..", "A topic name may not be '.' or '..'."),
    ("", "This field is required."),
], ids=["space", "too-long", "emoji", "dots", "empty"])
def test_a_bad_name_is_refused_next_to_the_name_field(cluster, as_admin, bad_name, message):
    response = as_admin.post(create_page(cluster), {"name": bad_name, "partitions": 1, "replication_factor": 1})

    shown = errors_shown(response)
    assert response.status_code == 200
    assert list(shown) == ["name"]
    assert message in shown["name"]


def test_a_bad_name_is_refused_by_the_api_naming_the_field(cluster, as_admin):
    response = as_admin.post(f"/api/v1/clusters/{cluster.name}/topics/", {"name": "no/slashes"},
                             content_type="application/json")

    assert response.status_code == 400
    assert response.json()["field"] == "name"


def test_an_existing_name_is_refused_next_to_the_name_field(cluster, as_admin, unique_name):
    name = unique_name()
    as_admin.post(create_page(cluster), {"name": name, "partitions": 1, "replication_factor": 1})

    response = as_admin.post(create_page(cluster), {"name": name, "partitions": 5, "replication_factor": 1})

    assert "already exists" in " ".join(response.context["form"].errors["name"])
    assert len(kafka_describe(name)) == 1


def test_an_existing_name_is_a_conflict_in_the_api(cluster, as_admin, unique_name):
    name = unique_name()
    url = f"/api/v1/clusters/{cluster.name}/topics/"
    as_admin.post(url, {"name": name}, content_type="application/json")

    response = as_admin.post(url, {"name": name}, content_type="application/json")

    assert response.status_code == 409
    assert response.json()["field"] == "name"


def kafka_default_replication_factor():
    out = run_tool("kafka-configs", "--bootstrap-server", BOOTSTRAP, "--entity-type", "brokers", "--entity-name", "1",
                   "--describe", "--all")
    return int(re.search(r"\bdefault\.replication\.factor=(\d+)", out)[1])


def test_a_replication_factor_left_empty_is_the_clusters_default_on_the_page_and_in_the_api(
        cluster, as_admin, unique_name):
    from_page, from_api = unique_name(), unique_name()

    as_admin.post(create_page(cluster), {"name": from_page, "partitions": 2, "replication_factor": ""})
    as_admin.post(f"/api/v1/clusters/{cluster.name}/topics/", {"name": from_api, "partitions": 2},
                  content_type="application/json")

    default = kafka_default_replication_factor()
    for name in (from_page, from_api):
        assert [len(replicas) for _, replicas, _ in kafka_describe(name).values()] == [default, default]


def test_more_replicas_than_brokers_is_refused_next_to_the_replication_factor(cluster, as_admin, unique_name):
    name = unique_name()

    response = as_admin.post(create_page(cluster), {"name": name, "partitions": 1, "replication_factor": 4})

    errors = " ".join(response.context["form"].errors["replication_factor"])
    assert "only 3 broker" in errors
    assert name not in kafka_topic_names()


@pytest.mark.parametrize("field, value", [
    ("min_insync_replicas", "0"), ("retention_amount", "-5"), ("max_message_bytes", "lots"),
    ("segment_bytes_amount", "0"),
])
def test_a_bad_config_value_is_refused_next_to_its_field(cluster, as_admin, unique_name, field, value):
    name = unique_name()

    response = as_admin.post(create_page(cluster), {"name": name, "partitions": 1, "replication_factor": 1,
                                                    field: value})

    assert field in response.context["form"].errors
    assert name not in kafka_topic_names()


def test_a_value_kafka_refuses_in_the_api_names_the_config(cluster, as_admin, unique_name):
    name = unique_name()

    response = as_admin.post(f"/api/v1/clusters/{cluster.name}/topics/",
                             {"name": name, "configs": {"compression.type": "bogus"}}, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["field"] == "compression.type"
    assert name not in kafka_topic_names()


def test_an_unknown_extra_config_is_refused_and_nothing_is_created(cluster, as_admin, unique_name):
    name = unique_name()

    response = as_admin.post(create_page(cluster), {"name": name, "partitions": 1, "replication_factor": 1,
                                                    "extra_configs": "no.such.config=1"})

    assert "no.such.config" in " ".join(response.context["form"].errors["extra_configs"])
    assert name not in kafka_topic_names()


def test_operators_and_viewers_may_not_create_topics(cluster, as_operator, as_viewer, unique_name):
    name = unique_name()
    for client in (as_operator, as_viewer):
        assert client.get(create_page(cluster)).status_code == 403
        assert client.post(create_page(cluster), {"name": name, "partitions": 1,
                                                  "replication_factor": 1}).status_code == 403
        assert client.post(f"/api/v1/clusters/{cluster.name}/topics/", {"name": name},
                           content_type="application/json").status_code == 403
    assert name not in kafka_topic_names()
