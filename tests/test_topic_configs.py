"""Editing topic configs: set and reset through Kafka's incremental alter; all or nothing."""
from tests.topics import kafka_topic_configs, make_topic


def patch(client, cluster, topic, configs):
    return client.patch(f"/api/v1/clusters/{cluster.name}/topics/{topic}/configs/", {"configs": configs},
                        content_type="application/json")


def test_the_api_sets_configs_and_reports_what_changed(cluster, as_admin, unique_name):
    topic = make_topic(unique_name(), partitions=1)

    response = patch(as_admin, cluster, topic, {"retention.ms": "86400000", "cleanup.policy": "compact"})

    assert response.status_code == 200
    assert response.json() == [
        {"name": "retention.ms", "before": "604800000", "after": "86400000"},
        {"name": "cleanup.policy", "before": "delete", "after": "compact"},
    ]
    assert kafka_topic_configs(topic) == {"retention.ms": "86400000", "cleanup.policy": "compact"}


def test_null_resets_a_config_to_its_default(cluster, as_admin, unique_name):
    topic = make_topic(unique_name(), partitions=1, configs={"retention.ms": "1000", "cleanup.policy": "compact"})

    response = patch(as_admin, cluster, topic, {"retention.ms": None})

    assert response.json() == [{"name": "retention.ms", "before": "1000", "after": "604800000"}]
    assert kafka_topic_configs(topic) == {"cleanup.policy": "compact"}


def test_one_bad_value_changes_nothing(cluster, as_admin, unique_name):
    topic = make_topic(unique_name(), partitions=1)

    response = patch(as_admin, cluster, topic, {"retention.ms": "3600000", "min.insync.replicas": "zero"})

    assert response.status_code == 400
    assert response.json()["field"] == "min.insync.replicas"
    assert kafka_topic_configs(topic) == {}


def test_a_value_only_kafka_can_refuse_changes_nothing(cluster, as_admin, unique_name):
    topic = make_topic(unique_name(), partitions=1)

    response = patch(as_admin, cluster, topic, {"retention.ms": "3600000", "compression.type": "bogus"})

    assert response.status_code == 400
    assert response.json()["field"] == "compression.type"
    assert kafka_topic_configs(topic) == {}


def test_the_page_sends_only_changed_values_and_resets_overrides(cluster, as_admin, unique_name):
    topic = make_topic(unique_name(), partitions=1, configs={"retention.ms": "1000"})
    url = f"/clusters/{cluster.name}/topics/{topic}/configs/"
    form = {f"config:{c.name}": c.value or "" for c in as_admin.get(url).context["topic"].configs
            if not c.read_only and not c.sensitive}
    form["config:max.message.bytes"] = "2000000"
    form["reset:retention.ms"] = "1"

    response = as_admin.post(url, form, follow=True)

    assert kafka_topic_configs(topic) == {"max.message.bytes": "2000000"}
    shown = {str(m) for m in response.context["messages"]}
    assert shown == {"retention.ms: 1000 → 604800000", "max.message.bytes: 1048588 → 2000000"}


def test_the_page_shows_a_bad_value_next_to_its_config(cluster, as_admin, unique_name):
    topic = make_topic(unique_name(), partitions=1)
    url = f"/clusters/{cluster.name}/topics/{topic}/configs/"

    response = as_admin.post(url, {"config:retention.ms": "soon", "config:segment.ms": "60000"})

    assert response.status_code == 200
    assert set(response.context["errors"]) == {"retention.ms"}
    assert kafka_topic_configs(topic) == {}


def test_only_admins_alter_configs(cluster, as_operator, as_viewer, unique_name):
    topic = make_topic(unique_name(), partitions=1)
    for client in (as_operator, as_viewer):
        assert patch(client, cluster, topic, {"retention.ms": "1000"}).status_code == 403
        assert client.post(f"/clusters/{cluster.name}/topics/{topic}/configs/",
                           {"config:retention.ms": "1000"}).status_code == 403
    assert kafka_topic_configs(topic) == {}
