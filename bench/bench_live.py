"""Benchmark: the live viewer, end to end, next to Kafka's own end-to-end latency tool.

1. Latency from produce to a websocket client, one client, 1,000 records/s for 30 s: p50, p99.
2. Fan-out: 100, then 500 websocket clients on one topic at 200 records/s: delivery p99,
   records dropped, and the server's CPU seconds (daphne's utime + stime from /proc).
3. `kafka-e2e-latency` (a Java producer and consumer) on the same broker in the same run.

A real daphne serves Strom in a subprocess; the clients use the `websockets` package, log in
with a session cookie and acknowledge each frame like the page does. Run with
`STROM_DEV=1 .venv/bin/python bench/bench_live.py` (the broker and Redis must be running).
"""
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import harness

# A throwaway database file, shared with the daphne subprocess: a user, a session, the cluster row.
DB_DIR = tempfile.mkdtemp(prefix="strom-bench-live-")
harness.start_django(f"sqlite:///{DB_DIR}/bench.sqlite3")

import websockets  # noqa: E402
from django.test import Client  # noqa: E402
from kafka import KafkaAdminClient, KafkaProducer  # noqa: E402
from kafka.admin import NewTopic  # noqa: E402

BOOTSTRAP = harness.BOOTSTRAP
KAFKA_BIN = harness.KAFKA_BIN
LATENCY_RATE, LATENCY_SECONDS = 1000, int(os.environ.get("BENCH_LATENCY_SECONDS", "30"))
FANOUT_RATE, FANOUT_SECONDS = 200, int(os.environ.get("BENCH_FANOUT_SECONDS", "15"))
FANOUT_CLIENTS = [int(n) for n in os.environ.get("BENCH_FANOUT_CLIENTS", "100,500").split(",")]
TICKS = os.sysconf("SC_CLK_TCK")


def session_cookie():
    from django.contrib.auth import get_user_model

    from topics_app.models import Cluster

    Cluster.ensure_default()
    user = get_user_model().objects.create_user("bench-viewer")
    from django.contrib.auth.models import Group

    user.groups.set([Group.objects.get_or_create(name="viewer")[0]])
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_daphne():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
                                "config.asgi:application"], cwd=harness.REPO, env=dict(os.environ),
                               stdout=subprocess.DEVNULL,
                               stderr=open(os.environ.get("BENCH_DAPHNE_LOG", os.devnull), "w"))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("daphne did not start")


def cpu_seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def new_topic(prefix):
    name = f"strom-bench-{prefix}-{uuid.uuid4().hex[:8]}"
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP)
    try:
        admin.create_topics([NewTopic(name, 3, 1)])
    finally:
        admin.close()
    time.sleep(1)
    return name


def produce_paced(topic, rate, seconds):
    """`rate` records/s for `seconds`, each value holding its send time; returns the count sent."""
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, acks=1, linger_ms=0)
    sent, started = 0, time.monotonic()
    total = rate * seconds
    while sent < total:
        due = started + sent / rate
        pause = due - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        producer.send(topic, value=json.dumps({"t": time.time(), "i": sent}).encode())
        sent += 1
    producer.flush()
    producer.close()
    return sent


class Watcher:
    """One websocket client: counts, latencies (ms), drops; acknowledges every messages frame."""

    def __init__(self):
        self.latencies, self.received, self.dropped, self.ready = [], 0, 0, asyncio.Event()

    async def run(self, url, cookie, stop):
        # The page's own origin (scheme, host and port), as a browser sends it.
        origin = url.replace("ws://", "http://").split("/ws/")[0]
        async with websockets.connect(url, origin=origin, max_size=None,
                                      additional_headers=[("Cookie", f"sessionid={cookie}")]) as ws:
            while not stop.is_set():
                try:
                    raw = await asyncio.wait_for(ws.recv(), 0.5)
                except asyncio.TimeoutError:
                    continue
                now = time.time()
                frame = json.loads(raw)
                if frame["type"] == "start":
                    self.ready.set()
                elif frame["type"] == "messages":
                    await ws.send('{"type":"ack"}')
                    self.received += len(frame["messages"])
                    self.latencies.extend((now - json.loads(m["value"])["t"]) * 1000 for m in frame["messages"])
                elif frame["type"] == "dropped":
                    self.dropped += frame["count"]


async def watch(port, cookie, topic, clients, rate, seconds):
    url = f"ws://127.0.0.1:{port}/ws/clusters/local/topics/{topic}/live/"
    stop = asyncio.Event()
    watchers = [Watcher() for _ in range(clients)]
    tasks = []
    for watcher in watchers:  # connected in waves so the handshakes do not time out
        tasks.append(asyncio.create_task(watcher.run(url, cookie, stop)))
        if len(tasks) % 50 == 0:
            await asyncio.sleep(0.2)
    await asyncio.wait_for(asyncio.gather(*(w.ready.wait() for w in watchers)), 120)
    sent = await asyncio.get_running_loop().run_in_executor(None, produce_paced, topic, rate, seconds)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(w.received + w.dropped < sent for w in watchers):
        await asyncio.sleep(0.2)
    stop.set()
    failed = [r for r in await asyncio.gather(*tasks, return_exceptions=True) if isinstance(r, BaseException)]
    if failed:
        print(f"   {len(failed)} client(s) failed, e.g. {failed[0]!r}", flush=True)
    return sent, watchers


def percentile(values, q):
    return statistics.quantiles(values, n=1000)[int(q * 10) - 1] if len(values) > 1 else float("nan")


def kafka_e2e(topic):
    out = subprocess.run([KAFKA_BIN / "kafka-e2e-latency", BOOTSTRAP, topic, "5000", "1", "100"],
                         capture_output=True, text=True, timeout=300)
    text = out.stdout + out.stderr
    average = re.search(r"Avg latency: ([\d.]+) ?ms", text)
    percentiles = re.search(r"50th = ([\d.]+), 99th = ([\d.]+)", text)
    if not (average and percentiles):
        return f"could not read kafka-e2e-latency's output: {text[-300:]}"
    return (f"avg {float(average[1]):.2f} ms, p50 {float(percentiles[1]):.2f} ms, "
            f"p99 {float(percentiles[2]):.2f} ms (5,000 records, acks=1, 100 bytes, one at a time)")


def main():
    cookie = session_cookie()
    daphne, port = start_daphne()
    rows = []
    try:
        print(f"1) latency: 1 client, {LATENCY_RATE} records/s for {LATENCY_SECONDS} s", flush=True)
        topic = new_topic("live-latency")
        before = cpu_seconds(daphne.pid)
        sent, (watcher,) = asyncio.run(watch(port, cookie, topic, 1, LATENCY_RATE, LATENCY_SECONDS))
        cpu = cpu_seconds(daphne.pid) - before
        rows.append(("latency, 1 client @1000/s", sent, watcher.received, watcher.dropped,
                     statistics.median(watcher.latencies), percentile(watcher.latencies, 99), cpu))

        for clients in FANOUT_CLIENTS:
            print(f"2) fan-out: {clients} clients, {FANOUT_RATE} records/s for {FANOUT_SECONDS} s", flush=True)
            topic = new_topic(f"live-fanout-{clients}")
            before = cpu_seconds(daphne.pid)
            sent, watchers = asyncio.run(watch(port, cookie, topic, clients, FANOUT_RATE, FANOUT_SECONDS))
            cpu = cpu_seconds(daphne.pid) - before
            latencies = [x for w in watchers for x in w.latencies]
            received = sum(w.received for w in watchers)
            dropped = sum(w.dropped for w in watchers)
            rows.append((f"fan-out, {clients} clients @200/s", sent * clients, received, dropped,
                         statistics.median(latencies), percentile(latencies, 99), cpu))
    finally:
        daphne.terminate()
        daphne.wait(timeout=15)
        shutil.rmtree(DB_DIR, ignore_errors=True)

    print("3) kafka-e2e-latency", flush=True)
    reference = kafka_e2e(new_topic("e2e"))

    print()
    print(f"{'run':32} {'expected':>9} {'received':>9} {'dropped':>8} {'p50 ms':>8} {'p99 ms':>8} {'daphne CPU s':>13}")
    for name, expected, received, dropped, p50, p99, cpu in rows:
        print(f"{name:32} {expected:>9,} {received:>9,} {dropped:>8,} {p50:>8.1f} {p99:>8.1f} {cpu:>13.1f}")
    print(f"Kafka's kafka-e2e-latency (Java producer -> consumer, no websocket): {reference}")


if __name__ == "__main__":
    main()
