"""Real consumer groups for the consumer-group tests (kafka-python directly)."""
import re
import time

from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition
from kafka.structs import OffsetAndMetadata

from tests.conftest import BOOTSTRAP, run_tool


def commit(group, topic, offsets):
    """Commit {partition: offset} for `group` from a real consumer that assigns, never joins."""
    consumer = KafkaConsumer(bootstrap_servers=BOOTSTRAP, group_id=group, enable_auto_commit=False)
    try:
        consumer.commit({TopicPartition(topic, p): OffsetAndMetadata(o, "", -1) for p, o in offsets.items()})
    finally:
        consumer.close()


def join(group, topic, attempts=3, timeout_s=20):
    """A live member: subscribes and polls until Kafka assigned it partitions. The caller closes it.

    kafka-python's join now and then never completes (seen on an idle single broker); a member that
    got nothing within `timeout_s` is closed and a new one joins in its place."""
    for _ in range(attempts):
        consumer = KafkaConsumer(bootstrap_servers=BOOTSTRAP, group_id=group, enable_auto_commit=False,
                                 auto_offset_reset="earliest", client_id=f"{group}-client")
        consumer.subscribe([topic])
        deadline = time.monotonic() + timeout_s
        while not consumer.assignment() and time.monotonic() < deadline:
            consumer.poll(timeout_ms=200, max_records=1)
        if consumer.assignment():
            return consumer
        consumer.close()
    raise AssertionError("the consumer never got partitions")


def kafka_describe(group):
    """{(topic, partition): (current, log_end, lag)} as kafka-consumer-groups --describe prints them ('-' → None)."""
    out = run_tool("kafka-consumer-groups", "--bootstrap-server", BOOTSTRAP, "--describe", "--group", group)
    rows = {}
    for line in out.splitlines():
        fields = line.split()
        if len(fields) >= 6 and fields[0] == group and re.fullmatch(r"\d+", fields[2]):
            value = [None if f == "-" else int(f) for f in fields[3:6]]
            rows[(fields[1], int(fields[2]))] = tuple(value)
    return rows


def committed_offsets(group, topic, partitions):
    """What Kafka holds for the group right now, asked with a fresh client."""
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP)
    try:
        found = admin.list_group_offsets({group: [TopicPartition(topic, p) for p in partitions]})[group]
    finally:
        admin.close()
    return {tp.partition: meta.offset for tp, meta in found.items() if meta.offset >= 0}
