"""Consumer groups: server time of the group list (200 groups) and the group detail (100 partitions),
next to Kafka's own kafka-consumer-groups on the same groups, measured in the same run.

Run: .venv/bin/python bench/bench_groups.py   (needs the broker on 127.0.0.1:9092), or make bench
"""
import time
import uuid

import harness

harness.start_django()

from kafka import KafkaAdminClient, KafkaProducer, TopicPartition  # noqa: E402
from kafka.admin import NewTopic  # noqa: E402
from kafka.structs import OffsetAndMetadata  # noqa: E402

BOOTSTRAP = harness.BOOTSTRAP
GROUPS, LIST_PARTITIONS = 200, 4
DETAIL_PARTITIONS, RECORDS_PER_PARTITION = 100, 20
RUNS, TOOL_RUNS = 9, 3


def kafka_groups_tool(*args):
    return harness.kafka_tool("kafka-consumer-groups", "--bootstrap-server", BOOTSTRAP, *args)


def setup_kafka(admin, run):
    list_topic, detail_topic = f"bench-groups-{run}", f"bench-detail-{run}"
    admin.create_topics([NewTopic(list_topic, LIST_PARTITIONS, 1), NewTopic(detail_topic, DETAIL_PARTITIONS, 1)])
    time.sleep(1)
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, linger_ms=20)
    for p in range(LIST_PARTITIONS):
        for i in range(10):
            producer.send(list_topic, b"x", partition=p)
    for p in range(DETAIL_PARTITIONS):
        for i in range(RECORDS_PER_PARTITION):
            producer.send(detail_topic, f"{p}-{i}".encode(), partition=p)
    producer.flush()
    producer.close()
    groups = [f"bench-g{i:03d}-{run}" for i in range(GROUPS)]
    for i, group in enumerate(groups):
        admin.alter_group_offsets(group, {TopicPartition(list_topic, p): OffsetAndMetadata(i % 10, "", -1)
                                          for p in range(LIST_PARTITIONS)})
    detail_group = f"bench-detail-g-{run}"
    # Half-way through every partition, so each has lag and a time lag to find.
    admin.alter_group_offsets(detail_group, {TopicPartition(detail_topic, p): OffsetAndMetadata(
        RECORDS_PER_PARTITION // 2, "", -1) for p in range(DETAIL_PARTITIONS)})
    return [list_topic, detail_topic], groups + [detail_group], detail_group


def main():
    from topics_app.models import Cluster

    cluster = Cluster.ensure_default()
    client = harness.logged_in_client("viewer")

    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP)
    run = uuid.uuid4().hex[:8]
    topics, groups, detail_group = setup_kafka(admin, run)
    try:
        total = len(client.get(f"/api/v1/clusters/{cluster.name}/consumer-groups/").json())
        base = f"/clusters/{cluster.name}/consumer-groups"
        figures = [
            ("group list page", harness.median_ms(harness.getter(client, f"{base}/"), RUNS)),
            ("group list API", harness.median_ms(harness.getter(client, f"/api/v1{base}/"), RUNS)),
            ("group detail page (with time lag)",
             harness.median_ms(harness.getter(client, f"{base}/{detail_group}/"), RUNS)),
            ("group detail API (with time lag)",
             harness.median_ms(harness.getter(client, f"/api/v1{base}/{detail_group}/"), RUNS)),
            ("group detail API (time_lag=false)",
             harness.median_ms(harness.getter(client, f"/api/v1{base}/{detail_group}/?time_lag=false"), RUNS)),
        ]
        tool_detail = harness.median_ms(kafka_groups_tool("--describe", "--group", detail_group), TOOL_RUNS)
        tool_all = harness.median_ms(kafka_groups_tool("--describe", "--all-groups"), TOOL_RUNS)
    finally:
        admin.delete_groups(groups)
        admin.delete_topics(topics)
        admin.close()

    print(f"Consumer groups benchmark: {total} groups listed ({GROUPS} created for the run), "
          f"detail of a group on {DETAIL_PARTITIONS} partitions; median of {RUNS} requests through "
          f"Django's test client (server time), Kafka's tool median of {TOOL_RUNS} runs (JVM start included).")
    for name, ms in figures:
        print(f"  {name:<46} {ms:8.1f} ms")
    print(f"  {'kafka-consumer-groups --describe --group':<46} {tool_detail:8.1f} ms")
    print(f"  {'kafka-consumer-groups --describe --all-groups':<46} {tool_all:8.1f} ms")
    list_api, detail_api = figures[1][1], figures[3][1]
    print(f"  ratio group list API / --all-groups:       {list_api / tool_all:.3f}")
    print(f"  ratio group detail API / --describe:       {detail_api / tool_detail:.3f}")


if __name__ == "__main__":
    main()
