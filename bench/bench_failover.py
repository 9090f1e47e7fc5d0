"""Failover benchmark: the time from kill -9 of the node leading partition 0 until Strom's topic API reports
the new leader, beside the time Kafka's own `kafka-topics --describe` first shows it, both polled in the same
run after the same kill (median of 5 kills). The cluster is three nodes of the benchmark's own (tests'
OwnCluster, on free ports); the shared one is never stopped.

Run with `make bench` (or .venv/bin/python bench/bench_failover.py).
"""
import re
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import harness

# A file, not memory: the API is polled from a thread of its own, and an in-memory SQLite is per connection.
harness.start_django(f"sqlite:///{tempfile.mkdtemp(prefix='strom-bench-failover-db-')}/db.sqlite3")

from kafka import KafkaAdminClient  # noqa: E402

from tests.own_broker import OwnCluster  # noqa: E402
from topics_app.models import Cluster  # noqa: E402

KILLS = 5
TOPIC = "bench.failover"
POLL_S = 0.05
GIVE_UP_S = 120


def leader_from_api(client, path):
    response = client.get(path)
    if response.status_code != 200:
        return None
    return next(p["leader"] for p in response.json()["partitions"] if p["partition"] == 0)


def leader_from_kafka_topics(bootstrap):
    out = subprocess.run([str(harness.KAFKA_BIN / "kafka-topics"), "--bootstrap-server", bootstrap, "--describe",
                          "--topic", TOPIC], capture_output=True, text=True, timeout=60).stdout
    found = re.search(r"Partition: 0\s+Leader: (-?\d+)", out)
    return int(found[1]) if found else None


def seconds_until_new_leader(read_leader, victim, killed_at, results, name):
    """Poll `read_leader()` until it names a live leader other than `victim`; store the seconds since the kill."""
    while time.monotonic() - killed_at < GIVE_UP_S:
        try:
            leader = read_leader()
        except Exception:  # a node is down; ask again
            leader = None
        if leader not in (None, -1, victim):
            results[name] = time.monotonic() - killed_at
            return
        time.sleep(POLL_S)
    results[name] = None


def current_leader(bootstrap):
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=5000)
    try:
        partitions = admin.describe_topics([TOPIC])[0]["partitions"]
        return next(p["leader_id"] for p in partitions if p["partition_index"] == 0)
    finally:
        admin.close()


def all_in_sync(bootstrap):
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=5000)
    try:
        return all(len(p["isr_nodes"]) == 3 for p in admin.describe_topics([TOPIC])[0]["partitions"])
    finally:
        admin.close()


def main():
    own = OwnCluster(Path(tempfile.mkdtemp(prefix="strom-bench-failover-")), nodes=3)
    own.start()
    try:
        admin = KafkaAdminClient(bootstrap_servers=own.bootstrap)
        admin.create_topics({TOPIC: {"num_partitions": 3, "replication_factor": 3}}, wait_for_metadata=True)
        admin.close()
        cluster = Cluster.objects.create(name="bench-failover", bootstrap_servers=own.bootstrap)
        client = harness.logged_in_client("viewer")
        path = f"/api/v1/clusters/{cluster.name}/topics/{TOPIC}/"
        strom, tool = [], []
        for run in range(KILLS):
            while not all_in_sync(own.bootstrap):
                time.sleep(0.5)
            victim = current_leader(own.bootstrap)
            # Strom's clients are warm and see the same leader, as in a running Strom.
            settled_at = time.monotonic() + GIVE_UP_S
            while leader_from_api(client, path) != victim:
                assert time.monotonic() < settled_at, client.get(path).content[:500]
                time.sleep(0.5)
            results = {}
            own.node(victim).kill()
            killed_at = time.monotonic()
            pollers = [
                threading.Thread(target=seconds_until_new_leader, args=(
                    lambda: leader_from_api(client, path), victim, killed_at, results, "strom")),
                threading.Thread(target=seconds_until_new_leader, args=(
                    lambda: leader_from_kafka_topics(own.bootstrap), victim, killed_at, results, "kafka-topics")),
            ]
            for poller in pollers:
                poller.start()
            for poller in pollers:
                poller.join()
            print(f"kill {run + 1}: node {victim}; Strom's API {results['strom']:.2f} s, "
                  f"kafka-topics --describe {results['kafka-topics']:.2f} s")
            strom.append(results["strom"])
            tool.append(results["kafka-topics"])
            own.node(victim).start()
        print(f"\nfrom kill -9 of the leader of partition 0 to the new leader shown, median of {KILLS}:")
        print(f"  Strom's topic API:          {statistics.median(strom):6.2f} s")
        print(f"  kafka-topics --describe:    {statistics.median(tool):6.2f} s")
        print(f"  ratio:                      {statistics.median(strom) / statistics.median(tool):6.2f}")
    finally:
        own.kill()


if __name__ == "__main__":
    main()
