"""Helpers for tests: make topics with known messages, and ask Kafka's own tools about them."""
import re

from kafka import KafkaAdminClient

from tests.conftest import BOOTSTRAP, run_tool


def create_topic(name, partitions=1, configs=None):
    """Create a topic directly with kafka-python and wait until its metadata shows every partition."""
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP)
    try:
        admin.create_topics({name: {"num_partitions": partitions, "replication_factor": 1, "configs": configs or {}}},
                            wait_for_metadata=True)
    finally:
        admin.close()
    return name


def make_topic(cluster, name, partitions=3, messages_per_partition=0, configs=None):
    from topics_app import kafka_clients

    create_topic(name, partitions, configs)
    if messages_per_partition:
        producer = kafka_clients.producer(cluster)
        for partition in range(partitions):
            for n in range(messages_per_partition):
                producer.send(name, key=f"k{n}".encode(), value=f"v{n}".encode(), partition=partition)
        producer.flush(timeout=30)
    return name


def kafka_describe(topic):
    """{partition: (leader, replicas, isr)} and the partition count, from kafka-topics --describe."""
    out = run_tool("kafka-topics", "--bootstrap-server", BOOTSTRAP, "--describe", "--topic", topic)
    partitions = {}
    for p, leader, replicas, isr in re.findall(
        r"Partition: (\d+)\s+Leader: (\d+)\s+Replicas: ([\d,]+)\s+Isr: ([\d,]+)", out
    ):
        partitions[int(p)] = (int(leader), [int(r) for r in replicas.split(",")], [int(i) for i in isr.split(",")])
    return partitions


def kafka_topic_configs(topic):
    """The topic's overrides, from kafka-configs --describe."""
    out = run_tool("kafka-configs", "--bootstrap-server", BOOTSTRAP, "--entity-type", "topics", "--entity-name",
                   topic, "--describe")
    match = re.search(r"Dynamic configs for topic \S+ are:\n((?:\s+.+\n?)*)", out)
    overrides = {}
    for line in (match[1] if match else "").splitlines():
        found = re.match(r"\s+([\w.]+)=(\S*) sensitive", line)
        if found:
            overrides[found[1]] = found[2]
    return overrides


def kafka_earliest_offsets(topic):
    out = run_tool("kafka-get-offsets", "--bootstrap-server", BOOTSTRAP, "--topic", topic, "--time", "-2")
    return {int(p): int(o) for p, o in re.findall(r":(\d+):(\d+)$", out, re.M)}


def kafka_topic_names():
    return set(run_tool("kafka-topics", "--bootstrap-server", BOOTSTRAP, "--list").split())
