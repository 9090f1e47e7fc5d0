"""With one node of three stopped, a topic's partitions are under-replicated with that node missing from
their ISR, as kafka-topics --describe --under-replicated-partitions says; with min.insync.replicas 3 they are
under their min ISR too, and the stopped node is an eligible leader replica (KIP-966) as kafka-topics prints it;
when the node is back they are healthy again. The cluster is one of the test's own."""
import re
import time

import pytest

from tests.conftest import run_tool
from tests.own_broker import OwnCluster
from tests.topics import create_topic, kafka_describe
from topics_app.models import Cluster


@pytest.fixture
def own_cluster(tmp_path):
    cluster = OwnCluster(tmp_path, nodes=3)
    # Three JVMs starting at once take a while on a busy machine.
    cluster.start(timeout_s=300)
    try:
        yield cluster
    finally:
        cluster.stop()


def answer_when(client, url, condition, timeout_s=60):
    """The API's answer once `condition` holds for it (Kafka shrinks and grows an ISR in its own time)."""
    deadline = time.monotonic() + timeout_s
    while True:
        body = client.get(url).json()
        if condition(body) or time.monotonic() > deadline:
            return body
        time.sleep(1)


def kafka_partition_lines(bootstrap, *options):
    """The partition lines kafka-topics --describe prints for the whole cluster with `options`."""
    out = run_tool("kafka-topics", "--bootstrap-server", bootstrap, "--describe", *options)
    return re.findall(r"^\s+Topic: .*Partition: \d+.*$", out, re.M)


def kafka_elr(topic, bootstrap):
    """{partition: (ELR, last known ELR)} as kafka-topics --describe prints them."""
    out = run_tool("kafka-topics", "--bootstrap-server", bootstrap, "--describe", "--topic", topic)

    def ids(text):
        return [int(i) for i in text.split(",") if i]

    return {int(p): (ids(elr), ids(last_known))
            for p, elr, last_known in re.findall(r"Partition: (\d+).*Elr: ([\d,]*)\s+LastKnownElr: ([\d,]*)", out)}


@pytest.mark.timeout(900)
def test_a_stopped_node_leaves_partitions_under_replicated_until_it_returns(own_cluster, transactional_db,
                                                                             as_viewer):
    cluster = Cluster.objects.create(name="own", bootstrap_servers=own_cluster.bootstrap)
    topic = create_topic("replicated", partitions=3, replication_factor=3, configs={"min.insync.replicas": "3"},
                         bootstrap=own_cluster.bootstrap)
    url = f"/api/v1/clusters/{cluster.name}/topics/{topic}/"
    overview_url = f"/api/v1/clusters/{cluster.name}/"

    own_cluster.node(3).stop()
    body = answer_when(as_viewer, url, lambda b: b["health"]["under_replicated"] == 3)

    assert [p["missing_from_isr"] for p in body["partitions"]] == [[3], [3], [3]]
    assert body["health"]["under_min_isr"] == 3 and body["health"]["offline"] == 0
    described = kafka_describe(topic, "--under-replicated-partitions", bootstrap=own_cluster.bootstrap)
    assert {p["partition"]: (p["leader"], p["replicas"], p["isr"]) for p in body["partitions"]} == described
    assert body["health"]["leader_imbalance"] == sum(leader != replicas[0] for leader, replicas, _ in
                                                     described.values())
    assert {p["partition"]: (p["eligible_leader_replicas"], p["last_known_elr"])
            for p in body["partitions"]} == kafka_elr(topic, own_cluster.bootstrap)
    listed = as_viewer.get(f"/api/v1/clusters/{cluster.name}/topics/", {"health": "under_replicated"}).json()
    assert [t["name"] for t in listed] == [topic]
    overview = as_viewer.get(overview_url).json()
    assert overview["health"]["under_replicated"] == len(
        kafka_partition_lines(own_cluster.bootstrap, "--under-replicated-partitions"))
    assert overview["health"]["under_min_isr"] == len(
        kafka_partition_lines(own_cluster.bootstrap, "--under-min-isr-partitions"))
    page = as_viewer.get(f"/clusters/{cluster.name}/topics/{topic}/").content.decode()
    assert page.count('class="strom-problem"') == 3
    assert page.count('<td class="missing">3</td>') == 3

    own_cluster.node(3).start()
    overview = answer_when(as_viewer, overview_url, lambda b: b["health"]["under_replicated"] == 0)
    body = as_viewer.get(url).json()

    assert all(sorted(p["isr"]) == [1, 2, 3] for p in body["partitions"])
    assert body["health"]["under_replicated"] == body["health"]["under_min_isr"] == 0
    assert overview["health"]["under_min_isr"] == 0
    assert kafka_partition_lines(own_cluster.bootstrap, "--under-replicated-partitions") == []
    assert kafka_partition_lines(own_cluster.bootstrap, "--under-min-isr-partitions") == []
