"""The overview shows the running broker, and agrees with what Kafka's own tools say.

The broker is shared with tests running in parallel, which create topics at any moment: a count is
compared only when Kafka's own list of topics did not change around it, trying a few times."""
import re

from tests.conftest import BOOTSTRAP, run_tool

ATTEMPTS = 10


def kafka_cluster_id():
    return re.search(r"Cluster ID: (\S+)", run_tool("kafka-cluster", "cluster-id", "--bootstrap-server", BOOTSTRAP))[1]


def kafka_brokers():
    """(id, host, port) of every broker, as kafka-broker-api-versions lists them."""
    out = run_tool("kafka-broker-api-versions", "--bootstrap-server", BOOTSTRAP)
    return {(int(i), h, int(p)) for h, p, i in re.findall(r"^(\S+):(\d+) \(id: (\d+) ", out, re.M)}


def kafka_controller_id():
    out = run_tool("kafka-metadata-quorum", "--bootstrap-server", BOOTSTRAP, "describe", "--status")
    return int(re.search(r"LeaderId:\s+(\d+)", out)[1])


def kafka_topic_names():
    return set(run_tool("kafka-topics", "--bootstrap-server", BOOTSTRAP, "--list").split())


def overview(client, cluster):
    return client.get(f"/api/v1/clusters/{cluster.name}/").json()


def test_the_api_overview_agrees_with_kafkas_own_tools(cluster, as_viewer):
    for _ in range(ATTEMPTS):
        topics = kafka_topic_names()
        body = overview(as_viewer, cluster)
        if kafka_topic_names() == topics:
            break
    else:
        raise AssertionError("other tests kept creating or deleting topics")

    assert body["cluster_id"] == kafka_cluster_id()
    assert body["controller_id"] == kafka_controller_id()
    assert {(b["id"], b["host"], b["port"]) for b in body["brokers"]} == kafka_brokers()
    assert body["topic_count"] == len(topics)


def test_the_partition_count_covers_a_new_topic(cluster, as_viewer, unique_name):
    for _ in range(ATTEMPTS):
        topics = kafka_topic_names()
        before = overview(as_viewer, cluster)
        topic = unique_name()
        run_tool("kafka-topics", "--bootstrap-server", BOOTSTRAP, "--create", "--topic", topic, "--partitions", "5")
        after = overview(as_viewer, cluster)
        if kafka_topic_names() == topics | {topic}:
            break
    else:
        raise AssertionError("other tests kept creating or deleting topics")

    assert after["topic_count"] == before["topic_count"] + 1
    assert after["partition_count"] == before["partition_count"] + 5


def test_the_overview_page_shows_the_broker_and_the_cluster_id(cluster, as_viewer):
    page = as_viewer.get(f"/clusters/{cluster.name}/")

    assert page.status_code == 200
    html = page.content.decode()
    assert kafka_cluster_id() in html
    for broker_id, host, port in kafka_brokers():
        assert f"<td>{host}</td><td>{port}</td>" in html


def test_the_cluster_list_names_the_default_cluster_as_reachable(cluster, as_viewer):
    body = as_viewer.get("/api/v1/clusters/").json()

    assert {"name": cluster.name, "bootstrap_servers": BOOTSTRAP, "reachable": True} in body


def test_the_cluster_list_page_links_to_the_overview(cluster, as_viewer):
    page = as_viewer.get("/")

    assert f'href="/clusters/{cluster.name}/"' in page.content.decode()
