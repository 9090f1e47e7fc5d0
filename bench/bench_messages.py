"""Benchmark: browsing a 1,000,000-message, 12-partition topic through Strom's API, next to
Kafka's own console consumer reading the same 100 records in the same run.

Run with `make bench` or `.venv/bin/python bench/bench_messages.py` (the broker must be running).
Strom's figures are server time: the request handled in-process, from the view to the JSON.
"""
import os
import statistics
import subprocess
import time

import harness

harness.start_django()

from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition  # noqa: E402
from kafka.admin import NewTopic  # noqa: E402

BOOTSTRAP = harness.BOOTSTRAP
TOPIC = os.environ.get("BENCH_TOPIC", "strom-bench-messages-1m")
RECORDS, PARTITIONS, PAGE = 1_000_000, 12, 100
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
TOOL_RUNS = int(os.environ.get("BENCH_TOOL_RUNS", "3"))
KAFKA_BIN = harness.KAFKA_BIN


def end_offsets():
    consumer = KafkaConsumer(bootstrap_servers=BOOTSTRAP, group_id=None)
    try:
        tps = [TopicPartition(TOPIC, p) for p in range(PARTITIONS)]
        return {tp.partition: offset for tp, offset in consumer.end_offsets(tps).items()}
    finally:
        consumer.close()


def ensure_topic():
    """The topic with exactly RECORDS records in PARTITIONS partitions, created and filled only once."""
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP)
    try:
        described = admin.describe_topics([TOPIC])[0]
        exists = not described["error_code"]
        if exists and len(described["partitions"]) == PARTITIONS and sum(end_offsets().values()) == RECORDS:
            print(f"reusing {TOPIC}: {RECORDS:,} records in {PARTITIONS} partitions")
            return
        if exists:
            admin.delete_topics([TOPIC])
            time.sleep(3)
        admin.create_topics([NewTopic(TOPIC, PARTITIONS, 1)])
        time.sleep(1)
    finally:
        admin.close()
    print(f"filling {TOPIC} with {RECORDS:,} records ...", flush=True)
    subprocess.run([KAFKA_BIN / "kafka-producer-perf-test", "--topic", TOPIC, "--num-records", str(RECORDS),
                    "--record-size", "100", "--throughput", "-1", "--producer-props",
                    f"bootstrap.servers={BOOTSTRAP}", "linger.ms=20", "batch.size=262144", "acks=1"],
                   check=True, stdout=subprocess.DEVNULL)
    total = sum(end_offsets().values())
    assert total == RECORDS, f"expected {RECORDS} records, found {total}"


def timed_api(client, **params):
    """Median server time in ms of the messages API for `params`, and the last body."""
    url = f"/api/v1/clusters/local/topics/{TOPIC}/messages/"
    times, body = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:300]
        body = response.json()
    return statistics.median(times), body


def timed_console_consumer(partition, offset, count=PAGE):
    """Median wall time in ms of Kafka's console consumer reading `count` records from `offset`."""
    times = []
    for _ in range(TOOL_RUNS):
        started = time.perf_counter()
        result = subprocess.run(
            [KAFKA_BIN / "kafka-console-consumer", "--bootstrap-server", BOOTSTRAP, "--topic", TOPIC,
             "--partition", str(partition), "--offset", str(offset), "--max-messages", str(count)],
            capture_output=True, timeout=120)
        times.append((time.perf_counter() - started) * 1000)
        assert result.returncode == 0, result.stderr.decode()[-500:]
        assert len(result.stdout.splitlines()) == count
    return statistics.median(times)


def search_speeds(client, partition):
    """Records scanned per second by a value search that matches nothing (so it scans to its bound),
    per page size, next to the console consumer reading the same records (JVM start included)."""
    rows = []
    for limit in (10, PAGE):
        ms, body = timed_api(client, contains="no record holds this", partition=partition, order="oldest",
                             limit=limit)
        assert body["messages"] == [] and body["scan"]["bounded"] is True
        scanned = body["scan"]["scanned"]
        rows.append((f"no-match search of partition {partition}, limit {limit}: {scanned:,} records", ms, scanned))
    console_ms = timed_console_consumer(partition, 0, scanned)
    return rows, console_ms


def main():
    ensure_topic()
    from topics_app.models import Cluster

    Cluster.ensure_default()
    client = harness.logged_in_client("viewer")
    partition = 0
    ends = end_offsets()

    rows = []
    newest_all, body = timed_api(client, order="newest", limit=PAGE)
    assert len(body["messages"]) == PAGE
    rows.append(("newest 100, all 12 partitions (merged by timestamp)", newest_all, None))

    newest_one, body = timed_api(client, order="newest", limit=PAGE, partition=partition)
    first_offset = min(m["offset"] for m in body["messages"])
    assert first_offset == ends[partition] - PAGE
    console_newest = timed_console_consumer(partition, first_offset)
    rows.append((f"newest 100 of partition {partition}", newest_one, console_newest))

    oldest = client.get(f"/api/v1/clusters/local/topics/{TOPIC}/messages/", {"limit": 1}).json()["messages"][0]
    newest = client.get(f"/api/v1/clusters/local/topics/{TOPIC}/messages/",
                        {"limit": 1, "order": "newest"}).json()["messages"][0]
    middle = (oldest["timestamp"] + newest["timestamp"]) // 2

    middle_all, body = timed_api(client, timestamp=middle, limit=PAGE)
    assert len(body["messages"]) == PAGE
    rows.append(("100 from the middle timestamp, all 12 partitions", middle_all, None))

    middle_one, body = timed_api(client, timestamp=middle, limit=PAGE, partition=partition)
    start = body["messages"][0]["offset"]
    assert [m["offset"] for m in body["messages"]] == list(range(start, start + PAGE))
    console_middle = timed_console_consumer(partition, start)
    rows.append((f"100 from the middle timestamp of partition {partition} (offset {start})", middle_one,
                 console_middle))

    print(f"\nBrowsing {TOPIC}: {RECORDS:,} records, {PARTITIONS} partitions; Strom: median of {RUNS} API calls "
          f"(server time); console consumer: median of {TOOL_RUNS} runs (wall time, JVM start included).")
    from kafka.record import util as record_util

    print("record CRC checks: " + ("C (crc32c)" if record_util.crc32c_c else "pure Python (crc32c not installed)"))
    print(f"{'page':<62} {'Strom ms':>9} {'console ms':>11} {'ratio':>7}")
    for name, strom_ms, console_ms in rows:
        if console_ms is None:
            print(f"{name:<62} {strom_ms:>9.1f} {'':>11} {'':>7}")
        else:
            print(f"{name:<62} {strom_ms:>9.1f} {console_ms:>11.1f} {console_ms / strom_ms:>6.1f}x")
    print("ratio = console consumer time / Strom time (above 1: Strom is faster)")

    searches, console_ms = search_speeds(client, partition)
    print(f"\n{'search':<62} {'Strom rec/s':>12} {'console rec/s':>14}")
    for name, strom_ms, scanned in searches:
        print(f"{name:<62} {scanned / strom_ms * 1000:>12,.0f} {scanned / console_ms * 1000:>14,.0f}")


if __name__ == "__main__":
    main()
