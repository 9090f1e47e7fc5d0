"""Kafka Connect: Strom's connectors list with 50 connectors (server time) next to Connect's own
GET /connectors?expand=status; a FileStreamSource connector's throughput on a 1,000,000-line file next to
kafka-console-producer < file, measured in the same run; the worker's memory.

Run: .venv/bin/python bench/bench_connect.py   (needs the broker and the Connect worker: make services), or
make bench
"""
import json
import os
import statistics
import subprocess
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import harness

harness.start_django()

from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition  # noqa: E402
from kafka.admin import NewTopic  # noqa: E402

BOOTSTRAP = harness.BOOTSTRAP
CONNECT_URL = os.environ.get("CONNECT_URL", "http://127.0.0.1:8083")
CONNECTORS, RUNS = 50, 9
LINES = 1_000_000
SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector"
RUN_ID = uuid.uuid4().hex[:8]


def connect_call(method, path, body=None):
    request = urllib.request.Request(CONNECT_URL + path, method=method, headers={"Content-Type": "application/json"},
                                     data=None if body is None else json.dumps(body).encode())
    with urllib.request.urlopen(request, timeout=30) as answer:
        raw = answer.read()
    return json.loads(raw) if raw.strip() else None


def median_connect_ms(path, runs):
    times = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        connect_call("GET", path)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times[1:])


def end_offset(topic):
    consumer = KafkaConsumer(bootstrap_servers=BOOTSTRAP)
    try:
        return sum(consumer.end_offsets([TopicPartition(topic, 0)]).values())
    finally:
        consumer.close()


def worker_rss_mb():
    """The resident memory of the worker platform/connect/start runs."""
    data = Path(os.environ.get("STROM_CONNECT_DATA", harness.REPO / "platform" / "connect" / "data"))
    pid = int((data / "connect.pid").read_text())
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bench_list(client, connect):
    names = [f"bench-{RUN_ID}-{i:02d}" for i in range(CONNECTORS)]
    for name in names:
        connect_call("POST", "/connectors", {"name": name, "config": {
            "connector.class": SOURCE, "file": "/dev/null", "topic": f"bench-connect-{RUN_ID}"}})
    try:
        deadline = time.monotonic() + 120
        while sum(s["status"]["connector"]["state"] == "RUNNING"
                  for n, s in connect_call("GET", "/connectors?expand=status").items() if n in names) < CONNECTORS:
            assert time.monotonic() < deadline, "the connectors did not all start"
            time.sleep(0.5)
        listed = len(client.get(f"/api/v1/connect/{connect.name}/connectors/").json())
        strom_api = harness.median_ms(harness.getter(client, f"/api/v1/connect/{connect.name}/connectors/"), RUNS)
        strom_page = harness.median_ms(harness.getter(client, f"/connect/{connect.name}/"), RUNS)
        own_status = median_connect_ms("/connectors?expand=status", RUNS)
        own_both = median_connect_ms("/connectors?expand=status&expand=info", RUNS)
    finally:
        for name in names:
            connect_call("DELETE", f"/connectors/{name}")
    print(f"Connectors list: {listed} connectors ({CONNECTORS} made for the run), median of {RUNS} requests; Strom "
          f"through Django's test client (server time, with each connector's topics), Connect over HTTP.")
    print(f"  {'Strom connectors API':<46} {strom_api:8.1f} ms")
    print(f"  {'Strom connectors page':<46} {strom_page:8.1f} ms")
    print(f"  {'Connect GET /connectors?expand=status':<46} {own_status:8.1f} ms")
    print(f"  {'Connect GET /connectors?expand=status&info':<46} {own_both:8.1f} ms")
    print(f"  ratio Strom API / Connect expand=status:   {strom_api / own_status:.2f}")


def bench_file_source():
    source_topic, console_topic = f"bench-connect-file-{RUN_ID}", f"bench-connect-console-{RUN_ID}"
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP)
    admin.create_topics([NewTopic(source_topic, 1, 1), NewTopic(console_topic, 1, 1)])
    name = f"bench-file-{RUN_ID}"
    try:
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "lines.txt"
            os.chmod(directory, 0o755)
            path.write_text("".join(f"line {n:07d} {'x' * 88}\n" for n in range(LINES)))
            started = time.perf_counter()
            connect_call("POST", "/connectors", {"name": name, "config": {
                "connector.class": SOURCE, "file": str(path), "topic": source_topic, "batch.size": "20000",
                "producer.override.linger.ms": "20", "producer.override.batch.size": "262144"}})
            while end_offset(source_topic) < LINES:
                time.sleep(0.2)
            connector_s = time.perf_counter() - started
            with open(path) as lines:
                started = time.perf_counter()
                subprocess.run([str(harness.KAFKA_BIN / "kafka-console-producer"), "--bootstrap-server", BOOTSTRAP,
                                "--topic", console_topic, "--producer-property", "linger.ms=20",
                                "--producer-property", "batch.size=262144"], stdin=lines,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
                console_s = time.perf_counter() - started
            assert end_offset(console_topic) == LINES
    finally:
        connect_call("DELETE", f"/connectors/{name}")
        admin.delete_topics([source_topic, console_topic])
        admin.close()
    print(f"\nA {LINES:,}-line file (100 B a line) into a topic of one partition:")
    print(f"  {'FileStreamSource connector (batch.size 20000)':<46} {LINES / connector_s:10,.0f} lines/s")
    print(f"  {'kafka-console-producer < file':<46} {LINES / console_s:10,.0f} lines/s")
    print(f"  ratio connector / console producer:       {console_s / connector_s:.2f}")


def main():
    from connect_app.models import ConnectCluster

    connect = ConnectCluster.ensure_default()
    client = harness.logged_in_client("viewer")
    bench_list(client, connect)
    bench_file_source()
    print(f"\nConnect worker resident memory after the run: {worker_rss_mb():.0f} MB (heap limit in "
          f"platform/connect/start)")


if __name__ == "__main__":
    main()
