"""Helpers for the reassignment and leader election tests: the API calls, waiting until Kafka is done, and what
Kafka's own tools say about throttles."""
import re
import time

from kafka import KafkaAdminClient, KafkaProducer

from tests import waiting
from tests.conftest import BOOTSTRAP, run_tool


def reassign(client, cluster, **body):
    return client.post(f"/api/v1/clusters/{cluster.name}/reassignments/", body, content_type="application/json")


def in_progress(client, cluster):
    response = client.get(f"/api/v1/clusters/{cluster.name}/reassignments/")
    assert response.status_code == 200, response.content
    return response.json()


def wait_until_done(client, cluster, topic, timeout_s=60):
    """Poll the list (as a person watching the page would) until nothing of `topic` moves."""
    deadline = time.monotonic() + timeout_s
    while any(r["topic"] == topic for r in in_progress(client, cluster)):
        assert time.monotonic() < deadline, f"the reassignment of {topic} did not finish"
        time.sleep(0.5)


def wait_for(condition, timeout_s=30, what="the cluster to settle"):
    return waiting.wait_until(condition, timeout_s, what, interval_s=0.5)


THROTTLE = re.compile(r"^\s+((?:leader|follower)\.replication\.throttled\.\w+)=(\S*) sensitive", re.M)


def topic_throttles(topic, bootstrap=BOOTSTRAP):
    """The replication throttle configs kafka-configs --describe shows on a topic."""
    out = run_tool("kafka-configs", "--bootstrap-server", bootstrap, "--entity-type", "topics",
                   "--entity-name", topic, "--describe")
    return dict(THROTTLE.findall(out))


def broker_throttles(bootstrap=BOOTSTRAP):
    """{broker id: {config: value}} of the replication throttles kafka-configs --describe shows per broker."""
    out = run_tool("kafka-configs", "--bootstrap-server", bootstrap, "--entity-type", "brokers", "--describe")
    found = {}
    for broker, body in re.findall(r"Dynamic configs for broker (\d+) are:\n((?:  .*\n?)*)", out):
        found[int(broker)] = dict(THROTTLE.findall(body))
    return found


def own_topic(bootstrap, name, assignments, records_per_partition=20):
    """A topic on a cluster of the test's own with the replicas given ({partition: [broker]}) and some records."""
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=30000)
    try:
        admin.create_topics({name: {"assignments": assignments}}, wait_for_metadata=True)
    finally:
        admin.close()
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    try:
        for partition in assignments:
            for i in range(records_per_partition):
                producer.send(name, value=f"{partition}-{i}".encode(), partition=partition)
        producer.flush(timeout=30)
    finally:
        producer.close()
    return name


def describe(topic, bootstrap):
    """{partition: (leader, replicas, isr)} from kafka-topics --describe on the given cluster."""
    out = run_tool("kafka-topics", "--bootstrap-server", bootstrap, "--describe", "--topic", topic)
    return {int(p): (int(leader), [int(r) for r in replicas.split(",")], [int(i) for i in isr.split(",") if i])
            for p, leader, replicas, isr in re.findall(
                r"Partition: (\d+)\s+Leader: (-?\d+)\s+Replicas: ([\d,]+)\s+Isr: ([\d,]*)", out)}
