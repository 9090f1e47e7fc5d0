"""Helpers for the failover and acks tests: a three-node cluster of the test's own (tests/own_broker.py),
topics replicated on it, who leads what, and Kafka's own kafka-topics --describe to compare with."""
import re

import pytest
from kafka import KafkaAdminClient, KafkaProducer

from tests import waiting
from tests.conftest import run_tool
from tests.own_broker import OwnCluster


def admin_for(bootstrap):
    return KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=5000)


def create_replicated_topic(bootstrap, name, partitions=3, replication_factor=3, configs=None):
    admin = admin_for(bootstrap)
    try:
        admin.create_topics({name: {"num_partitions": partitions, "replication_factor": replication_factor,
                                    "configs": configs or {}}}, wait_for_metadata=True)
    finally:
        admin.close()
    wait_until(lambda: all(len(isr) == replication_factor for _, _, isr in describe(bootstrap, name).values()),
               60, f"every replica of {name} in sync")
    return name


def describe(bootstrap, topic):
    """{partition: (leader, replicas, isr)} as kafka-python reads the metadata."""
    admin = admin_for(bootstrap)
    try:
        found = admin.describe_topics([topic])[0]
    finally:
        admin.close()
    return {p["partition_index"]: (p["leader_id"], list(p["replica_nodes"]), sorted(p["isr_nodes"]))
            for p in found["partitions"]}


def kafka_topics_describe(bootstrap, topic):
    """{partition: (leader, replicas, isr)} from Kafka's own kafka-topics --describe (ISR sorted)."""
    out = run_tool("kafka-topics", "--bootstrap-server", bootstrap, "--describe", "--topic", topic)
    return {int(p): (int(leader), [int(r) for r in replicas.split(",")], sorted(int(i) for i in isr.split(",")))
            for p, leader, replicas, isr in re.findall(
                r"Partition: (\d+)\s+Leader: (-?\d+)\s+Replicas: ([\d,]+)\s+Isr: ([\d,]+)", out)}


def leader_of(bootstrap, topic, partition=0):
    return describe(bootstrap, topic)[partition][0]


def bootstrap_first(own_cluster, node_id):
    """The cluster's bootstrap list with `node_id` first (a row that lists the node about to die first)."""
    first = own_cluster.node(node_id).bootstrap
    return ",".join([first] + [node.bootstrap for node in own_cluster.nodes.values() if node.bootstrap != first])


def wait_until(check, timeout_s, what):
    """waiting.wait_until, with any error counted as "not yet": a node of the cluster may be down."""
    return waiting.wait_until(check, timeout_s, what, tolerate=Exception)


def produce_numbered(bootstrap, topic, partitions, per_partition):
    """per_partition records in each partition: key 'k<i>', value '<partition>-<i>'."""
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=20)
    try:
        for i in range(per_partition):
            for p in range(partitions):
                producer.send(topic, key=f"k{i}".encode(), value=f"{p}-{i}".encode(), partition=p)
        producer.flush(timeout=60)
    finally:
        producer.close()


def own_three_nodes(name):
    """A module-scoped fixture: a three-node cluster of the test module's own, killed once the module is done."""

    @pytest.fixture(scope="module")
    def own(tmp_path_factory):
        cluster = OwnCluster(tmp_path_factory.mktemp(name), nodes=3)
        cluster.start()
        try:
            yield cluster
        finally:
            cluster.kill()

    return own


def restart_and_wait_for_full_isr(own, node_id, topic):
    """Start a killed node again and wait until it is back in every ISR of `topic`."""
    own.node(node_id).start()
    wait_until(lambda: all(node_id in isr for _, _, isr in describe(own.bootstrap, topic).values()), 120,
               f"node {node_id} back in the ISR of {topic}")


def failed_over(own, topic, victim, partition=0):
    """True once Kafka's metadata shows a new leader of `partition` and `victim` out of its ISR."""
    try:
        leader, _, isr = describe(own.bootstrap, topic)[partition]
    except Exception:  # the node asked may be the dead one; ask again
        return False
    return leader not in (victim, -1) and victim not in isr
