"""Benchmark: the live viewer, end to end, next to Kafka's own end-to-end latency tool.

1. Latency from produce to a websocket client, one client, 1,000 records/s for 30 s: p50, p99.
2. Fan-out: 100, then 500 websocket clients on one topic at 200 records/s: delivery p99,
   records dropped, the server's CPU seconds (utime + stime from /proc) and resident memory, and
   the clients' CPU seconds. So that the clients are not what is measured, they are compiled where Go is
   installed (`live_clients_go/`, BENCH_CLIENTS=go, in BENCH_CLIENT_PROCESSES=2 processes), else Python's
   (`live_clients.py`, BENCH_CLIENTS=python, in 4 processes, orjson parsing).
3. `kafka-e2e-latency` (a Java producer and consumer) on the same broker in the same run.

A real ASGI server serves Strom in BENCH_SERVER_PROCESSES (1) subprocesses: BENCH_SERVER=uvicorn (the default,
with uvloop and httptools, as platform/Procfile runs it) or daphne. With several, the clients are spread over
them as a proxy would, and each process runs its own reader of the topic. The clients log in with a session cookie
and acknowledge each frame like the page does. Run with `STROM_DEV=1 .venv/bin/python bench/bench_live.py` (the
broker and Redis must be running).
"""
import json
import multiprocessing
import os
import re
import select
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

# A throwaway database file, shared with the server subprocesses: a user, a session, the cluster row.
DB_DIR = tempfile.mkdtemp(prefix="strom-bench-live-")
harness.start_django(f"sqlite:///{DB_DIR}/bench.sqlite3")

import live_clients  # noqa: E402
from django.test import Client  # noqa: E402
from kafka import KafkaAdminClient, KafkaProducer  # noqa: E402
from kafka.admin import NewTopic  # noqa: E402

BOOTSTRAP = harness.BOOTSTRAP
KAFKA_BIN = harness.KAFKA_BIN
LATENCY_RATE, LATENCY_SECONDS = 1000, int(os.environ.get("BENCH_LATENCY_SECONDS", "30"))
FANOUT_RATE, FANOUT_SECONDS = 200, int(os.environ.get("BENCH_FANOUT_SECONDS", "15"))
FANOUT_CLIENTS = [int(n) for n in os.environ.get("BENCH_FANOUT_CLIENTS", "100,500").split(",")]
TICKS = os.sysconf("SC_CLK_TCK")
# The clients: compiled (go, the default where Go is installed) or Python (python), and how many processes
# share them in a fan-out run (one client alone gets one).
CLIENTS = os.environ.get("BENCH_CLIENTS", "go" if shutil.which("go") else "python")
CLIENT_PROCESSES = int(os.environ.get("BENCH_CLIENT_PROCESSES", "2" if CLIENTS == "go" else "4"))
SERVER = os.environ.get("BENCH_SERVER", "uvicorn")
SERVER_PROCESSES = int(os.environ.get("BENCH_SERVER_PROCESSES", "1"))
SERVER_COMMANDS = {
    "daphne": lambda port: ["daphne", "-b", "127.0.0.1", "-p", str(port)],
    "uvicorn": lambda port: ["uvicorn", "--host", "127.0.0.1", "--port", str(port), "--loop", "uvloop",
                             "--http", "httptools", "--ws", "websockets", "--lifespan", "off", "--no-access-log"],
}


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


def start_server():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", *SERVER_COMMANDS[SERVER](port), "config.asgi:application"],
                               cwd=harness.REPO, env=dict(os.environ), stdout=subprocess.DEVNULL,
                               stderr=open(os.environ.get("BENCH_SERVER_LOG", os.devnull), "a"))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"{SERVER} did not start")


def rss_megabytes(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(servers):
    total = 0
    for server in servers:
        fields = Path(f"/proc/{server.pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
    return total


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


class GoClients:
    """A process of the compiled clients (bench/live_clients_go), behind the pipe interface live_clients.py's
    processes answer through: "ready", then the number of records sent, then the results."""

    def __init__(self, url, cookie, clients):
        self.process = subprocess.Popen([go_clients_binary(), url, cookie, str(clients)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)

    def poll(self, timeout):
        return bool(select.select([self.process.stdout], [], [], timeout)[0])

    def recv(self):
        line = self.process.stdout.readline().strip()
        return line if line == "ready" else json.loads(line)

    def send(self, sent):
        self.process.stdin.write(f"{sent}\n")
        self.process.stdin.flush()

    def join(self, timeout):
        self.process.wait(timeout=timeout)


def go_clients_binary():
    """The compiled clients, built once per run (Go fetches gorilla/websocket on the first build)."""
    binary = Path(DB_DIR) / "live_clients_go"
    if not binary.exists():
        subprocess.run(["go", "build", "-o", str(binary), "."], cwd=Path(__file__).parent / "live_clients_go",
                       check=True)
    return str(binary)


def start_clients(url, cookie, clients):
    """A process of `clients` websocket clients: the compiled ones (CLIENTS=go) or live_clients.py's."""
    if CLIENTS == "go":
        return GoClients(url, cookie, clients)
    ours, theirs = multiprocessing.get_context("spawn").Pipe()
    worker = multiprocessing.get_context("spawn").Process(target=live_clients.run_clients,
                                                          args=(theirs, url, cookie, clients), daemon=True)
    worker.start()
    ours.join = worker.join
    return ours


def watch(ports, cookie, topic, clients, rate, seconds):
    """`clients` sockets on `topic`, spread over client processes and those over the servers' `ports`; once all
    have started, `rate` records/s for `seconds`. Returns (sent, latencies, received, dropped, the clients' CPU
    seconds)."""
    processes = min(max(CLIENT_PROCESSES, len(ports)), clients)
    pipes = []
    for n in range(processes):
        share = clients // processes + (1 if n < clients % processes else 0)
        url = f"ws://127.0.0.1:{ports[n % len(ports)]}/ws/clusters/local/topics/{topic}/live/"
        pipes.append(start_clients(url, cookie, share))
    for pipe in pipes:
        if not pipe.poll(180) or pipe.recv() != "ready":
            raise SystemExit("the benchmark's clients did not all connect")
    sent = produce_paced(topic, rate, seconds)
    for pipe in pipes:
        pipe.send(sent)
    results = [pipe.recv() for pipe in pipes]
    for pipe in pipes:
        pipe.join(timeout=30)
    failed = [error for result in results for error in result["failed"]]
    if failed:
        print(f"   {len(failed)} client(s) failed, e.g. {failed[0]}", flush=True)
    return (sent, [x for r in results for x in r["latencies"]], sum(r["received"] for r in results),
            sum(r["dropped"] for r in results), sum(r["cpu_s"] for r in results))


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
    started = [start_server() for _ in range(SERVER_PROCESSES)]
    servers, ports = [server for server, _ in started], [port for _, port in started]
    rows = []
    try:
        print(f"1) latency: 1 client, {LATENCY_RATE} records/s for {LATENCY_SECONDS} s", flush=True)
        topic = new_topic("live-latency")
        before = cpu_seconds(servers)
        sent, latencies, received, dropped, client_cpu = watch(ports, cookie, topic, 1, LATENCY_RATE,
                                                               LATENCY_SECONDS)
        rows.append(("latency, 1 client @1000/s", sent, received, dropped, statistics.median(latencies),
                     percentile(latencies, 99), cpu_seconds(servers) - before, client_cpu))

        for clients in FANOUT_CLIENTS:
            print(f"2) fan-out: {clients} clients, {FANOUT_RATE} records/s for {FANOUT_SECONDS} s", flush=True)
            topic = new_topic(f"live-fanout-{clients}")
            before = cpu_seconds(servers)
            sent, latencies, received, dropped, client_cpu = watch(ports, cookie, topic, clients, FANOUT_RATE,
                                                                   FANOUT_SECONDS)
            rows.append((f"fan-out, {clients} clients @200/s", sent * clients, received, dropped,
                         statistics.median(latencies), percentile(latencies, 99), cpu_seconds(servers) - before,
                         client_cpu))
        rss_mb = [rss_megabytes(server.pid) for server in servers]
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=15)
        shutil.rmtree(DB_DIR, ignore_errors=True)

    print("3) kafka-e2e-latency", flush=True)
    reference = kafka_e2e(new_topic("e2e"))

    print()
    print(f"{'run':32} {'expected':>9} {'received':>9} {'dropped':>8} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'server CPU s':>13} {'clients CPU s':>14}")
    for name, expected, received, dropped, p50, p99, cpu, client_cpu in rows:
        print(f"{name:32} {expected:>9,} {received:>9,} {dropped:>8,} {p50:>8.1f} {p99:>8.1f} {cpu:>13.1f} "
              f"{client_cpu:>14.1f}")
    print(f"clients: {CLIENTS} x {CLIENT_PROCESSES} processes; server: {SERVER} x {SERVER_PROCESSES}; "
          "resident memory after the fan-out runs: "
          + ", ".join(f"{mb:.0f} MB" for mb in rss_mb))
    print(f"Kafka's kafka-e2e-latency (Java producer -> consumer, no websocket): {reference}")


if __name__ == "__main__":
    main()
