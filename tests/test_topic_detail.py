"""The topic page and API describe partitions and configs as Kafka holds them."""
from tests.topics import kafka_describe, make_topic


def test_partitions_leaders_replicas_and_isr_agree_with_kafka_topics_describe(cluster, as_viewer, unique_name):
    topic = make_topic(unique_name(), partitions=5, messages_per_partition=2)

    body = as_viewer.get(f"/api/v1/clusters/{cluster.name}/topics/{topic}/").json()

    shown = {p["partition"]: (p["leader"], p["replicas"], p["isr"]) for p in body["partitions"]}
    assert shown == kafka_describe(topic)
    assert all(p["earliest_offset"] == 0 and p["latest_offset"] == 2 for p in body["partitions"])


def test_configs_carry_their_source_default_and_flags(cluster, as_viewer, unique_name):
    topic = make_topic(unique_name(), partitions=1, configs={"retention.ms": "7200000"})

    detail = as_viewer.get(f"/api/v1/clusters/{cluster.name}/topics/{topic}/").json()
    configs = {c["name"]: c for c in detail["configs"]}

    assert configs["retention.ms"] == {
        "name": "retention.ms", "value": "7200000", "source": "topic", "is_default": False,
        "read_only": False, "sensitive": False, "default_value": "604800000",
    }
    assert configs["segment.bytes"]["source"] == "default"
    assert configs["segment.bytes"]["is_default"] is True
    assert configs["segment.bytes"]["value"] == configs["segment.bytes"]["default_value"]


def test_the_page_shows_retention_as_a_human_duration_and_highlights_overrides(cluster, as_viewer, unique_name):
    topic = make_topic(unique_name(), partitions=2, configs={"retention.ms": "7200000"})

    response = as_viewer.get(f"/clusters/{cluster.name}/topics/{topic}/")

    html = response.content.decode()
    assert "<strong>2 hours</strong> (7200000 ms, topic override)" in html
    overrides = [c.name for c in response.context["topic"].configs if c.is_override]
    assert overrides == ["retention.ms"]
    assert html.count('class="strom-override"') == 1
    assert "How long a message is kept" in html


def test_a_missing_topic_is_a_404_on_the_page_and_in_the_api(cluster, as_viewer):
    assert as_viewer.get(f"/clusters/{cluster.name}/topics/no-such-topic-here/").status_code == 404
    response = as_viewer.get(f"/api/v1/clusters/{cluster.name}/topics/no-such-topic-here/")
    assert response.status_code == 404
    assert response.json()["error"] == "NotFound"


def test_viewers_see_no_admin_actions_on_the_topic_page(cluster, as_viewer, as_admin, unique_name):
    topic = make_topic(unique_name(), partitions=1)
    url = f"/clusters/{cluster.name}/topics/{topic}/"

    assert "Edit configs" not in as_viewer.get(url).content.decode()
    assert "Edit configs" in as_admin.get(url).content.decode()
