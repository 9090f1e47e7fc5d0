"""Topic administration benchmark: the topic list with 1,000 topics at replication factor 3 (page and API,
also filtered by health) and the detail page of a 48-partition topic, as server time per request (median of
several), next to Kafka's own kafka-topics --list and --describe on the same data in the same run.

Run with `make bench` (or .venv/bin/python bench/bench_topics.py [--keep]).
"""
import sys
import time

import harness

harness.start_django()

from django.utils import timezone  # noqa: E402

from topics_app import kafka_clients  # noqa: E402
from topics_app.models import Cluster, LagSample  # noqa: E402
from topics_app.services import groups, rate_history  # noqa: E402

PREFIX = "bench.topics."
TOPICS = 1000
WIDE_TOPIC = "bench.wide-48"
RUNS, TOOL_RUNS = 5, 3
# As in production; a single-node cluster (STROM_KAFKA_NODES=1) gets one replica per partition.
REPLICATION_FACTOR = 3


def wait_until_led(admin, names, timeout_s=500):
    """Until every partition of `names` has a leader (creating 3,000 replicas takes a loaded cluster a while)."""
    deadline = time.monotonic() + timeout_s
    while True:
        described = admin.describe_topics(names)
        if all(not t["error_code"] and t["partitions"] and all(p["leader_id"] >= 0 for p in t["partitions"])
               for t in described):
            return
        assert time.monotonic() < deadline, "the topics did not all get leaders"
        time.sleep(2)


def ensure_topics(cluster):
    def create(admin):
        replication = min(REPLICATION_FACTOR, len(admin.describe_cluster()["brokers"]))
        existing = set(admin.list_topics())
        wanted = [f"{PREFIX}{n:04d}" for n in range(TOPICS)]
        missing = [name for name in wanted if name not in existing]
        for start in range(0, len(missing), 100):
            batch = missing[start:start + 100]
            admin.create_topics({name: {"num_partitions": 1, "replication_factor": replication} for name in batch})
        if WIDE_TOPIC not in existing:
            admin.create_topics({WIDE_TOPIC: {"num_partitions": 48, "replication_factor": replication}})
        wait_until_led(admin, [*wanted, WIDE_TOPIC])
        return len(missing), replication

    created, replication = kafka_clients.run_admin(cluster, create, timeout_s=600)
    producer = kafka_clients.producer(cluster)
    for partition in range(48):
        for n in range(20):
            producer.send(WIDE_TOPIC, value=b"x" * 100, partition=partition)
    producer.flush(timeout=60)
    return created, replication


def delete_topics(cluster):
    def delete(admin):
        names = [t for t in admin.list_topics() if t.startswith(PREFIX) or t == WIDE_TOPIC]
        for start in range(0, len(names), 100):
            admin.delete_topics(names[start:start + 100])

    kafka_clients.run_admin(cluster, delete, timeout_s=600)


def kafka_topics_ms(*args):
    return harness.median_ms(harness.kafka_tool("kafka-topics", "--bootstrap-server", harness.BOOTSTRAP, *args),
                             TOOL_RUNS)


def main():
    cluster = Cluster.ensure_default()
    client = harness.logged_in_client("viewer")

    try:
        measure(cluster, client)
    finally:
        if "--keep" not in sys.argv:
            delete_topics(cluster)


def measure(cluster, client):
    created, replication = ensure_topics(cluster)
    print(f"topics: {TOPICS} one-partition topics under {PREFIX}* ({created} created now), "
          f"{WIDE_TOPIC} (48 partitions), replication factor {replication}")

    def server_ms(url):
        return harness.median_ms(harness.getter(client, url), RUNS)

    figures = {
        "topic list page, 1,000+ topics": server_ms(f"/clusters/{cluster.name}/topics/"),
        "topic list API, 1,000+ topics": server_ms(f"/api/v1/clusters/{cluster.name}/topics/"),
        "topic list API, ?health=under_min_isr": server_ms(
            f"/api/v1/clusters/{cluster.name}/topics/?health=under_min_isr"),
        "topic list API, ?health=under_replicated": server_ms(
            f"/api/v1/clusters/{cluster.name}/topics/?health=under_replicated"),
        "cluster overview API (health counts)": server_ms(f"/api/v1/clusters/{cluster.name}/"),
        "topic detail page, 48 partitions": server_ms(f"/clusters/{cluster.name}/topics/{WIDE_TOPIC}/"),
        "topic detail API, 48 partitions": server_ms(f"/api/v1/clusters/{cluster.name}/topics/{WIDE_TOPIC}/"),
    }
    reference = {
        "kafka-topics --list": kafka_topics_ms("--list"),
        "kafka-topics --describe (all topics)": kafka_topics_ms("--describe"),
        "kafka-topics --describe --under-min-isr-partitions": kafka_topics_ms("--describe",
                                                                              "--under-min-isr-partitions"),
        "kafka-topics --describe --topic (48 partitions)": kafka_topics_ms("--describe", "--topic", WIDE_TOPIC),
    }
    print(f"\nserver time per request, median of {RUNS}:")
    for name, ms in figures.items():
        print(f"  {name:<52} {ms:8.1f} ms")
    print(f"\nKafka's own tool, same data, median of {TOOL_RUNS} (includes JVM start-up):")
    for name, ms in reference.items():
        print(f"  {name:<52} {ms:8.1f} ms")
    print("\nratios (Strom / kafka-topics):")
    list_ratio = figures["topic list API, 1,000+ topics"] / reference["kafka-topics --describe (all topics)"]
    detail_ratio = (figures["topic detail API, 48 partitions"]
                    / reference["kafka-topics --describe --topic (48 partitions)"])
    print(f"  list API / describe all:     {list_ratio:.2f}")
    list_page_ratio = figures["topic list page, 1,000+ topics"] / reference["kafka-topics --list"]
    print(f"  list page / --list:          {list_page_ratio:.2f}")
    print(f"  detail API / describe topic: {detail_ratio:.2f}")
    measure_sampling(cluster)


def measure_sampling(cluster):
    """The beat task's sample: every group's lag, plus (for the rate history) every topic's log-end offsets."""
    now = timezone.now()
    lag_ms = harness.median_ms(lambda: LagSample.objects.bulk_create(
        LagSample(cluster=cluster, group_id=g.group_id, topic=t, at=now, lag=lag, committed=g.topic_committed.get(t))
        for g in groups.list_groups(cluster) for t, lag in g.topic_lags.items()), RUNS)
    offsets_ms = harness.median_ms(lambda: rate_history.sample_cluster(cluster, now), RUNS)
    rates_ms = harness.median_ms(lambda: rate_history.current_rates(cluster), RUNS)
    print(f"\nsampling, median of {RUNS}:")
    for name, ms in [("groups' lag (what a sample took before)", lag_ms),
                     ("every topic's log-end offsets (the extra)", offsets_ms),
                     ("current rates of every topic (in the topic list)", rates_ms)]:
        print(f"  {name:<52} {ms:8.1f} ms")


if __name__ == "__main__":
    main()
