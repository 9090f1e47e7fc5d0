"""Helpers for the job tests: start jobs through the API and read topics back as Kafka holds them."""
import time

from kafka import KafkaConsumer, TopicPartition

from tests.conftest import BOOTSTRAP


def start(client, kind, payload, status=201, **extra):
    response = client.post(f"/api/v1/jobs/{kind}/", payload, content_type="application/json", **extra)
    assert response.status_code == status, response.content
    return response.json()


def read_all(topic, isolation_level="read_committed", timeout_s=60, bootstrap=BOOTSTRAP, connection=None):
    """Every record of the topic, {partition: [(offset, key, value, headers, timestamp)]}, read to the end.

    One partition at a time, from an explicit seek to its first offset up to the end Kafka gives
    (for read_committed, the last stable offset), so what one partition's fetches do never moves another.
    `connection`, kafka-python's settings for a cluster that needs more than an address (a Cluster's
    client_config()), replaces `bootstrap`."""
    consumer = KafkaConsumer(**(connection or {"bootstrap_servers": bootstrap}), isolation_level=isolation_level,
                             enable_auto_commit=False, auto_offset_reset="earliest")
    try:
        tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        begins, ends = consumer.beginning_offsets(tps), consumer.end_offsets(tps)
        found = {}
        deadline = time.monotonic() + timeout_s
        for tp in tps:
            consumer.assign([tp])
            consumer.seek(tp, begins[tp])
            records = found[tp.partition] = []
            while consumer.position(tp) < ends[tp]:
                assert time.monotonic() < deadline, f"{tp} stayed at {consumer.position(tp)} of {ends[tp]}"
                for record in consumer.poll(timeout_ms=1000).get(tp, []):
                    if record.offset < ends[tp]:
                        records.append((record.offset, record.key, record.value,
                                        [(k, v) for k, v in (record.headers or [])], record.timestamp))
        return found
    finally:
        consumer.close()


def payloads(records_by_partition):
    """The same, without offsets: what a copy must keep."""
    return {p: [r[1:] for r in records] for p, records in records_by_partition.items()}
