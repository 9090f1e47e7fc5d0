"""A group's time lag is the age of the first record it has not consumed: a transaction's commit marker at the
committed offset is not a record, so the age is the next record's; a committed offset whose records retention
(here: a purge) removed has no record to date, so the time lag is unknown, not made up."""
import time

from kafka import KafkaAdminClient, KafkaProducer
from kafka.structs import TopicPartition

from tests.conftest import BOOTSTRAP
from tests.kafka_groups import commit
from tests.topics import create_topic, numbered, produce_records


def offsets_row(client, cluster, group):
    response = client.get(f"/api/v1/clusters/{cluster.name}/consumer-groups/{group}/")
    assert response.status_code == 200, response.content
    [row] = response.json()["offsets"]
    return row


def test_a_committed_offset_on_a_commit_marker_takes_the_age_of_the_next_record(cluster, as_viewer, unique_name):
    topic, group = create_topic(unique_name("txn"), 1), unique_name("g")
    now = int(time.time() * 1000)
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, transactional_id=unique_name("writer"))
    try:
        producer.init_transactions()
        for age_ms in (600_000, 120_000):  # each record in a transaction of its own: record, marker, record, marker
            producer.begin_transaction()
            producer.send(topic, b"v", partition=0, timestamp_ms=now - age_ms)
            producer.commit_transaction()
    finally:
        producer.close()
    commit(group, topic, {0: 1})  # offset 1 is the first transaction's commit marker

    row = offsets_row(as_viewer, cluster, group)

    assert (row["committed"], row["log_end"]) == (1, 4)
    assert 120_000 <= row["time_lag_ms"] < 120_000 + 30_000


def test_a_committed_offset_before_the_log_start_has_an_unknown_time_lag(cluster, as_viewer, unique_name):
    topic, group = create_topic(unique_name("purged"), 1), unique_name("g")
    produce_records(topic, numbered({0: 5}))
    commit(group, topic, {0: 1})
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP)
    try:
        admin.delete_records({TopicPartition(topic, 0): 3})
    finally:
        admin.close()

    row = offsets_row(as_viewer, cluster, group)

    assert (row["committed"], row["log_end"], row["lag"]) == (1, 5, 4)
    assert row["time_lag_ms"] is None
