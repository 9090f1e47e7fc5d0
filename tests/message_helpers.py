"""Helpers for the message tests: a fresh topic, and known records written to it directly."""

from kafka import KafkaProducer

from tests.conftest import BOOTSTRAP
from tests.topics import create_topic  # noqa: F401  (the message tests import it from here)

# Record timestamps in the tests: a fixed, known time in the past, one second apart.
T0 = 1_700_000_000_000


def produce_records(topic, records):
    """Write (partition, key, value, timestamp_ms[, headers]) tuples in order; return them as written."""
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


def fill(topic, partitions, per_partition):
    """per_partition records in each partition, value 'p<P>-<i>', timestamps interleaved across partitions:
    record i of partition p is at T0 + (i * partitions + p) seconds. Returns {(partition, offset): value}."""
    records = []
    for i in range(per_partition):
        for p in range(partitions):
            records.append((p, f"k{i}".encode(), f"p{p}-{i}".encode(), T0 + (i * partitions + p) * 1000))
    produce_records(topic, records)
    return {(p, i): f"p{p}-{i}" for i in range(per_partition) for p in range(partitions)}


def get_page(client, cluster, topic, **params):
    response = client.get(f"/api/v1/clusters/{cluster.name}/topics/{topic}/messages/", params)
    assert response.status_code == 200, response.content
    return response.json()


def spots(body):
    return [(m["partition"], m["offset"]) for m in body["messages"]]
