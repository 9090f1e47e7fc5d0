"""Helpers for tests: make topics and write known records to them straight through kafka-python
(never through Strom's own produce code, which is under test), and ask Kafka's own tools about them."""
import re
import time

from kafka import KafkaAdminClient, KafkaProducer
from kafka.protocol.metadata import MetadataRequest

from tests.conftest import BOOTSTRAP, run_tool

# Record timestamps in the tests: a whole hour one to two hours before the run. Recent on purpose:
# the broker's retention check (every 5 minutes) deletes records older than a topic's retention
# (7 days by default), also from topics a job creates, so years-old stamps vanish mid-test.
T0 = (int(time.time()) // 3600 - 1) * 3600 * 1000


def create_topic(name, partitions=1, configs=None, replication_factor=1, bootstrap=BOOTSTRAP, timeout_s=15):
    """Create a topic directly with kafka-python and wait until every broker's metadata has it: Strom may ask any
    of them next, and one that has not caught up yet answers that there is no such topic."""
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        admin.create_topics({name: {"num_partitions": partitions, "replication_factor": replication_factor,
                                    "configs": configs or {}}}, wait_for_metadata=True)
        _wait_for_every_broker(admin, name, True, timeout_s, "to have it")
    finally:
        admin.close()
    return name


def delete_topic(name, bootstrap=BOOTSTRAP, timeout_s=15):
    """Delete a topic directly with kafka-python and wait until no broker's metadata has it: each broker applies
    a deletion a moment after the controller accepted it, and until then still takes records for the topic."""
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        admin.delete_topics([name])
        _wait_for_every_broker(admin, name, False, timeout_s, "to drop it")
    finally:
        admin.close()


def _wait_for_every_broker(admin, name, has_it, timeout_s, what):
    nodes = [broker["broker_id"] for broker in admin.describe_cluster()["brokers"]]
    deadline = time.monotonic() + timeout_s
    while any(_broker_has_topic(admin, node, name) != has_it for node in nodes):
        assert time.monotonic() < deadline, f"waited {timeout_s} s for every broker {what}: topic {name}"
        time.sleep(0.1)


def _broker_has_topic(admin, node, name):
    request = MetadataRequest(topics=[MetadataRequest.MetadataRequestTopic(name=name)],
                              allow_auto_topic_creation=False)

    async def ask():  # one named broker's metadata, which kafka-python's public calls do not choose
        return await admin._manager.send(request, node_id=node)

    return admin._manager.run(ask).topics[0].error_code == 0


def produce_records(topic, records):
    """The one way tests write records. `records`: (partition, key, value, timestamp_ms[, headers]) tuples,
    written in order (a None timestamp lets the producer stamp it). Returns (partition, offset, key, value,
    timestamp) as written."""
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, acks="all", linger_ms=0)
    try:
        written = []
        for record in records:
            partition, key, value, timestamp = record[:4]
            headers = record[4] if len(record) > 4 else []
            meta = producer.send(topic, key=key, value=value, partition=partition, timestamp_ms=timestamp,
                                 headers=headers).get(timeout=10)
            written.append((meta.partition, meta.offset, key, value, timestamp))
        producer.flush()
        return written
    finally:
        producer.close()


def produce_values(topic, values, partition=0):
    """Many keyless values to one partition, in order, sent in batches (produce_records waits for each
    record): for tests that need a long log. Returns the last offset written."""
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, acks="all", linger_ms=20, batch_size=256 * 1024,
                             max_in_flight_requests_per_connection=1)
    try:
        futures = [producer.send(topic, value=value, partition=partition) for value in values]
        producer.flush()
        return futures[-1].get(timeout=10).offset
    finally:
        producer.close()


def numbered(counts, timestamps=None):
    """Records for produce_records: counts {partition: how many}, key 'k<i>', value '<partition>-<i>';
    timestamps {partition: [ms, ...]} sets them exactly (otherwise the producer stamps them)."""
    records = []
    for partition, count in counts.items():
        stamps = (timestamps or {}).get(partition)
        records.extend((partition, f"k{i}".encode(), f"{partition}-{i}".encode(), stamps[i] if stamps else None)
                       for i in range(count))
    return records


def fill(topic, partitions, per_partition):
    """per_partition records in each partition, value 'p<P>-<i>', timestamps interleaved across partitions:
    record i of partition p is at T0 + (i * partitions + p) seconds. Returns {(partition, offset): value}."""
    records = []
    for i in range(per_partition):
        for p in range(partitions):
            records.append((p, f"k{i}".encode(), f"p{p}-{i}".encode(), T0 + (i * partitions + p) * 1000))
    produce_records(topic, records)
    return {(p, i): f"p{p}-{i}" for i in range(per_partition) for p in range(partitions)}


def make_topic(name, partitions=3, messages_per_partition=0, configs=None):
    """A topic with `messages_per_partition` numbered records in each partition."""
    create_topic(name, partitions, configs)
    if messages_per_partition:
        produce_records(name, numbered({p: messages_per_partition for p in range(partitions)}))
    return name


def kafka_describe(topic, *options, bootstrap=BOOTSTRAP):
    """{partition: (leader, replicas, isr)} from kafka-topics --describe (with `options` such as
    --under-replicated-partitions: only the partitions it lists). An offline partition's leader is -1."""
    out = run_tool("kafka-topics", "--bootstrap-server", bootstrap, "--describe", "--topic", topic, *options)
    partitions = {}
    for p, leader, replicas, isr in re.findall(
        r"Partition: (\d+)\s+Leader: (-?\d+|none)\s+Replicas: ([\d,]+)\s+Isr: ([\d,]*)", out
    ):
        partitions[int(p)] = (-1 if leader == "none" else int(leader), [int(r) for r in replicas.split(",")],
                              [int(i) for i in isr.split(",") if i])
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
