"""With one node of a three-node cluster stopped, the brokers page and API still list it, as down (its
registration and the quorum say it exists), while the other two answer; the partitions and leaders each broker
holds are those kafka-topics --describe prints. The cluster is the test's own: the shared one is never stopped."""
import re
import time

import pytest

from tests.conftest import run_tool
from tests.own_broker import OwnCluster
from topics_app.models import Cluster

PARTITION = re.compile(r"Partition: (\d+)\s+Leader: (\S+)\s+Replicas: ([\d,]+)\s+Isr: ([\d,]*)")


@pytest.fixture
def own_cluster(tmp_path):
    nodes = OwnCluster(tmp_path, nodes=3)
    nodes.start(timeout_s=300)
    yield nodes
    nodes.stop()


@pytest.fixture
def own(db, own_cluster):
    return Cluster.objects.create(name="own-three", bootstrap_servers=own_cluster.bootstrap)


def held_per_broker(bootstrap):
    """{broker id: (partitions, leaders, under-replicated it leads)} from kafka-topics --describe."""
    held = {}
    for _, leader, replicas, isr in PARTITION.findall(run_tool("kafka-topics", "--bootstrap-server", bootstrap,
                                                               "--describe")):
        replicas, isr = replicas.split(","), [node for node in isr.split(",") if node]
        for node in map(int, replicas):
            partitions, leaders, under = held.get(node, (0, 0, 0))
            leads = leader == str(node)
            held[node] = (partitions + 1, leaders + leads, under + (leads and len(isr) < len(replicas)))
    return held


def brokers(client, cluster):
    answer = client.get(f"/api/v1/clusters/{cluster.name}/brokers/")
    assert answer.status_code == 200, answer.content
    return {b["id"]: b for b in answer.json()}


def test_a_stopped_node_is_listed_as_down_and_the_other_two_answer(as_admin, own, own_cluster):
    made = as_admin.post(f"/api/v1/clusters/{own.name}/topics/",
                         {"name": "orders", "partitions": 6, "replication_factor": 3}, content_type="application/json")
    assert made.status_code == 201, made.content
    shown = brokers(as_admin, own)
    held = held_per_broker(own_cluster.bootstrap)
    assert {b["id"]: (b["partitions"], b["leaders"], b["under_replicated"]) for b in shown.values()} == held
    assert all(b["up"] and b["voter"] and b["log_dirs"] for b in shown.values())

    leader = as_admin.get(f"/api/v1/clusters/{own.name}/quorum/").json()["leader_id"]
    stopped = max(node for node in shown if node != leader)
    own_cluster.node(stopped).stop()
    deadline = time.monotonic() + 60
    while brokers(as_admin, own)[stopped]["up"]:
        assert time.monotonic() < deadline, "the stopped node is still shown as up"
        time.sleep(1)

    shown = brokers(as_admin, own)
    assert set(shown) == {1, 2, 3}
    down = shown[stopped]
    assert (down["up"], down["voter"], down["leaders"], down["log_dirs"]) == (False, True, 0, [])
    assert (down["host"], down["port"]) == ("127.0.0.1", own_cluster.node(stopped).port)
    running = [node for node in shown if node != stopped]
    assert all(shown[node]["up"] and shown[node]["log_dirs"] for node in running)
    live_bootstrap = ",".join(own_cluster.node(node).bootstrap for node in running)
    assert {node: (b["partitions"], b["leaders"], b["under_replicated"]) for node, b in shown.items()} == \
        {node: (0, 0, 0) for node in shown} | held_per_broker(live_bootstrap)
    assert sum(shown[node]["under_replicated"] for node in running) == 6

    quorum = as_admin.get(f"/api/v1/clusters/{own.name}/quorum/").json()
    assert [v["id"] for v in quorum["voters"]] == [1, 2, 3]
    assert quorum["leader_id"] in running

    detail = as_admin.get(f"/api/v1/clusters/{own.name}/brokers/{stopped}/").json()
    assert detail["up"] is False and detail["configs"] == [] and "down" in detail["configs_error"]
    assert as_admin.get(f"/api/v1/clusters/{own.name}/brokers/{running[0]}/").json()["configs"]

    page = as_admin.get(f"/clusters/{own.name}/brokers/").content.decode()
    row = re.search(rf'<tr data-broker="{stopped}">.*?</tr>', page, re.DOTALL)[0]
    assert "down" in row
    assert as_admin.get(f"/clusters/{own.name}/brokers/{stopped}/").status_code == 200
    refused = as_admin.patch(f"/api/v1/clusters/{own.name}/brokers/{stopped}/configs/",
                             {"configs": {"log.cleaner.threads": "2"}}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["field"] == "broker"
