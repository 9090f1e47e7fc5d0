"""Helpers for the job tests: start jobs through the API and read topics back as Kafka holds them."""
from kafka import KafkaConsumer, TopicPartition

from tests.conftest import BOOTSTRAP


def start(client, kind, payload, status=201, **extra):
    response = client.post(f"/api/v1/jobs/{kind}/", payload, content_type="application/json", **extra)
    assert response.status_code == status, response.content
    return response.json()


def read_all(topic, isolation_level="read_committed"):
    """Every record of the topic, {partition: [(offset, key, value, headers, timestamp)]}, read to the end."""
    consumer = KafkaConsumer(bootstrap_servers=BOOTSTRAP, isolation_level=isolation_level, enable_auto_commit=False,
                             auto_offset_reset="earliest", consumer_timeout_ms=2000)
    try:
        tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        ends = consumer.end_offsets(tps)
        found = {tp.partition: [] for tp in tps}
        while any(consumer.position(tp) < ends[tp] for tp in tps):
            polled = consumer.poll(timeout_ms=1000)
            if not polled and all(consumer.position(tp) >= ends[tp] for tp in tps):
                break
            for tp, records in polled.items():
                found[tp.partition].extend(
                    (r.offset, r.key, r.value, [(k, v) for k, v in (r.headers or [])], r.timestamp) for r in records)
        return found
    finally:
        consumer.close()


def payloads(records_by_partition):
    """The same, without offsets: what a copy must keep."""
    return {p: [r[1:] for r in records] for p, records in records_by_partition.items()}
