"""Benchmark: replay and ingest jobs against Kafka's own tools, in the same run.

- Replay of 1,000,000 records of 100 bytes (exactly-once: transactions of REPLAY_BATCH_RECORDS
  records with the source offsets committed in each), next to kafka-console-consumer piped
  into kafka-console-producer, and next to kafka-consumer-perf-test and kafka-producer-perf-test.
- Ingest of a 1,000,000-line JSON Lines file (key from a field), next to kafka-console-producer
  reading the same file.
- The generator job making 1,000,000 events (its target: 100,000 records/s).

Strom's figures are the job services called in-process (`runner.run`, exactly what the Celery
task calls), so they measure the job, not the queue. Each job's line is followed by the process's peak resident
memory during the job (Linux's VmHWM, reset before each job), next to what it held before. Run with
`STROM_DEV=1 .venv/bin/python bench/bench_jobs.py [replay] [replay-workers] [ingest] [generate]` (broker and Redis
running). `replay-workers` runs the replay through Celery, as Strom does: whole on one worker, then split into two
parts on two workers.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import harness

# A database file, not memory: a replay's copy runs in a thread of its own, with a connection of its own.
harness.start_django(f"sqlite:///{tempfile.mkdtemp(prefix='strom-bench-jobs-')}/bench.sqlite3")

from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition  # noqa: E402
from kafka.admin import NewTopic  # noqa: E402

BOOTSTRAP = harness.BOOTSTRAP
RECORDS = int(os.environ.get("BENCH_RECORDS", "1000000"))
PARTITIONS = 3
KAFKA_BIN = harness.KAFKA_BIN
RUN_ID = uuid.uuid4().hex[:8]


def tool(name, *args, stdin=None, stdout=subprocess.PIPE):
    return subprocess.run([str(KAFKA_BIN / name), *args], stdin=stdin, stdout=stdout, stderr=subprocess.PIPE,
                          text=True, check=True)


def create(name):
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP)
    try:
        admin.create_topics([NewTopic(name, PARTITIONS, 1)])
    finally:
        admin.close()
    time.sleep(1)
    return name


def delete(*names):
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP)
    try:
        admin.delete_topics(list(names))
    finally:
        admin.close()


def count(topic):
    consumer = KafkaConsumer(bootstrap_servers=BOOTSTRAP)
    try:
        tps = [TopicPartition(topic, p) for p in range(PARTITIONS)]
        return sum(consumer.end_offsets(tps).values())
    finally:
        consumer.close()


def timed(action):
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def resident_mb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_job(kind, params):
    from django.contrib.auth import get_user_model

    from streams_app.models import Job
    from streams_app.services.jobs import runner
    from topics_app.models import Cluster

    cluster = Cluster.ensure_default()
    # Jobs act with their owner's role; an admin may create the replay's target topic.
    owner, _ = get_user_model().objects.get_or_create(username="strom-bench", defaults={"is_superuser": True})
    job = Job.objects.create(kind=kind, cluster=cluster, created_by=owner,
                             params=runner.KINDS[kind].clean_params(cluster, params))
    Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) starts again from what is resident now
    before = resident_mb("VmRSS")
    elapsed = timed(lambda: runner.run(job.pk))
    job.refresh_from_db()
    assert job.state == "succeeded", job.error
    job.memory = (before, resident_mb("VmHWM"))
    return job, elapsed


def memory_line(job):
    before, peak = job.memory
    print(f"    peak resident memory during the job {peak:,.0f} MB "
          f"({before:,.0f} MB before it, +{peak - before:,.0f} MB)")


def rate_line(label, records, seconds, reference=None):
    rate = records / seconds
    ratio = f"   {rate / reference:5.2f}x" if reference else ""
    print(f"  {label:<58} {records:>9,} records {seconds:7.1f} s {rate:>10,.0f} rec/s{ratio}")
    return rate


def filled_source(name):
    """A topic of RECORDS records of 100 bytes, and the rate kafka-producer-perf-test reported writing them."""
    source = create(name)
    print(f"filling {source} with {RECORDS:,} records of 100 bytes (kafka-producer-perf-test) ...")
    out = tool("kafka-producer-perf-test", "--topic", source, "--num-records", str(RECORDS), "--record-size", "100",
               "--throughput", "-1", "--producer-props", f"bootstrap.servers={BOOTSTRAP}", "linger.ms=20",
               "batch.size=262144").stdout
    return source, float(out.strip().splitlines()[-1].split(" records/sec")[0].split("(")[0].split(",")[1].split()[0])


def console_pipe_s(source, target):
    """Seconds kafka-console-consumer piped into kafka-console-producer takes to copy the source."""
    create(target)

    def console_pipe():
        consumer = subprocess.Popen([str(KAFKA_BIN / "kafka-console-consumer"), "--bootstrap-server", BOOTSTRAP,
                                     "--topic", source, "--from-beginning", "--max-messages", str(RECORDS)],
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        tool("kafka-console-producer", "--bootstrap-server", BOOTSTRAP, "--topic", target,
             "--producer-property", "linger.ms=20", "--producer-property", "batch.size=262144",
             stdin=consumer.stdout, stdout=subprocess.DEVNULL)
        consumer.wait()
    return timed(console_pipe)


def bench_replay():
    source, producer_perf = filled_source(f"strom-bench-replay-src-{RUN_ID}")
    targets = [f"strom-bench-replay-dst-{RUN_ID}", f"strom-bench-console-dst-{RUN_ID}"]

    job, replay_s = run_job("replay", {"source_topic": source, "target_topic": targets[0], "create_target": True})
    # The target's end offsets also count one commit marker per partition per transaction.
    assert job.result["written"] == RECORDS

    console_s = console_pipe_s(source, targets[1])

    consumer_perf_s = timed(lambda: tool("kafka-consumer-perf-test", "--bootstrap-server", BOOTSTRAP, "--topic",
                                         source, "--messages", str(RECORDS)))

    print(f"\nReplay of {RECORDS:,} records of 100 bytes, {PARTITIONS} partitions:")
    strom = rate_line("Strom replay job (exactly-once, in-process)", RECORDS, replay_s)
    memory_line(job)
    console = rate_line("kafka-console-consumer | kafka-console-producer", RECORDS, console_s)
    consumer_perf = rate_line("kafka-consumer-perf-test (read only, wall clock)", RECORDS, consumer_perf_s)
    print(f"  {'kafka-producer-perf-test (write only, as it reports)':<58} {RECORDS:>9,} records {'':>9} "
          f"{producer_perf:>10,.0f} rec/s")
    print(f"  ratios: Strom / console pipe {strom / console:.2f}; Strom / consumer-perf-test "
          f"{strom / consumer_perf:.2f}; Strom / producer-perf-test {strom / producer_perf:.2f}")
    delete(source, *targets)


def celery_workers(count, queue):
    """`count` Celery worker processes on `queue`, sharing this benchmark's database, started and ready."""
    env = {**os.environ, "JOBS_QUEUE": queue, "STROM_DEV": "1"}
    workers = []
    for n in range(count):
        log = tempfile.NamedTemporaryFile(prefix="strom-bench-worker-", suffix=".log", delete=False)
        workers.append((subprocess.Popen(
            [str(Path(sys.executable).parent / "celery"), "-A", "config", "worker", "--pool=solo", "-Q", queue,
             "-n", f"bench-{n}-{RUN_ID}@%h", "--without-gossip", "--without-mingle", "--loglevel=INFO"],
            cwd=harness.REPO, env=env, stdout=log, stderr=subprocess.STDOUT), Path(log.name)))
    deadline = time.monotonic() + 60
    while not all(" ready." in log.read_text(errors="replace") for _, log in workers):
        assert time.monotonic() < deadline, "the Celery workers did not start"
        time.sleep(0.2)
    return workers


def bench_replay_workers():
    """The replay job through Celery as it runs in Strom: whole on one worker, then in two parts on two."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from streams_app.models import Job
    from streams_app.services.jobs import runner
    from topics_app.models import Cluster

    source, _ = filled_source(f"strom-bench-replay-src-{RUN_ID}")
    cluster = Cluster.ensure_default()
    owner, _ = get_user_model().objects.get_or_create(username="strom-bench", defaults={"is_superuser": True})
    settings.JOBS_QUEUE = queue = f"strom-bench-jobs-{RUN_ID}"
    results, targets = [], []
    for workers, parts in ((1, 1), (2, 2)):
        target = f"strom-bench-replay-dst-{workers}-{RUN_ID}"
        targets.append(target)
        running = celery_workers(workers, queue)
        try:
            params = runner.KINDS["replay"].clean_params(cluster, {"source_topic": source, "target_topic": target,
                                                                   "create_target": True, "parts": parts})
            job = Job.objects.create(kind="replay", cluster=cluster, created_by=owner, params=params)
            started = time.perf_counter()
            runner.enqueue(job.pk)
            while not Job.objects.get(pk=job.pk).finished:
                time.sleep(0.05)
            elapsed = time.perf_counter() - started
        finally:
            for process, _ in running:
                process.terminate()
                process.wait(timeout=30)
        job.refresh_from_db()
        assert job.state == "succeeded" and job.result["written"] == RECORDS, job.error
        results.append((workers, parts, elapsed, {part.worker for part in job.parts.all()}))
    console_s = console_pipe_s(source, f"strom-bench-console-dst-{RUN_ID}")

    print(f"\nReplay of {RECORDS:,} records of 100 bytes, {PARTITIONS} partitions, through Celery (queue to end):")
    one = None
    for workers, parts, elapsed, used in results:
        rate = rate_line(f"Strom replay job, {parts} part(s) on {workers} worker(s)", RECORDS, elapsed, one)
        one = one or rate
        if parts > 1:
            print(f"    the parts ran on {len(used)} workers")
    console = rate_line("kafka-console-consumer | kafka-console-producer", RECORDS, console_s)
    print(f"  ratios: Strom / console pipe {one / console:.2f} (1 worker), {RECORDS / results[-1][2] / console:.2f} "
          f"(2 workers); 2 workers / 1 worker {RECORDS / results[-1][2] / one:.2f}")
    delete(source, f"strom-bench-console-dst-{RUN_ID}", *targets)


def bench_ingest():
    topics = [create(f"strom-bench-ingest-{RUN_ID}"), create(f"strom-bench-ingest-console-{RUN_ID}")]
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "events.jsonl"
        with open(path, "w") as out:
            for n in range(RECORDS):
                out.write(json.dumps({"user": f"user-{n % 1000}", "n": n, "text": "x" * 40}) + "\n")
        size_mb = path.stat().st_size / 1e6
        failing, ingest_s = run_job("ingest", {"topic": topics[0], "format": "jsonl", "key_field": "user",
                                           "path": str(path)})
        assert failing.result["produced"] == RECORDS == count(topics[0])
        # on_bad_line=skip sends as it reads; fail (the default) first reads the whole file for a bad line.
        skipping_job, skip_s = run_job("ingest", {"topic": topics[0], "format": "jsonl", "key_field": "user",
                                         "path": str(path), "on_bad_line": "skip"})
        assert skipping_job.result["produced"] == RECORDS
        with open(path) as source:
            console_s = timed(lambda: tool("kafka-console-producer", "--bootstrap-server", BOOTSTRAP, "--topic",
                                           topics[1], "--producer-property", "linger.ms=20", "--producer-property",
                                           "batch.size=262144", stdin=source, stdout=subprocess.DEVNULL))
    print(f"\nIngest of a {RECORDS:,}-line JSON Lines file ({size_mb:.0f} MB):")
    strom = rate_line("Strom ingest job (key from a field, on_bad_line=fail)", RECORDS, ingest_s)
    memory_line(failing)
    skipping = rate_line("Strom ingest job (key from a field, on_bad_line=skip)", RECORDS, skip_s)
    memory_line(skipping_job)
    console = rate_line("kafka-console-producer < file (values only)", RECORDS, console_s)
    print(f"  ratios: Strom / console producer {strom / console:.2f} (fail), {skipping / console:.2f} (skip)")
    delete(*topics)


def bench_generate():
    topic = create(f"strom-bench-generate-{RUN_ID}")
    job, seconds = run_job("generate", {"topic": topic, "count": RECORDS})
    assert job.result["produced"] == RECORDS == count(topic)
    print(f"\nGenerator job, {RECORDS:,} tweet-like JSON events (about 300 bytes each):")
    rate = rate_line("Strom generator job", RECORDS, seconds)
    memory_line(job)
    print(f"  target 100,000 records/s: {'met' if rate >= 100_000 else 'not met'}")
    delete(topic)


BENCHES = {"replay": bench_replay, "replay-workers": bench_replay_workers, "ingest": bench_ingest,
           "generate": bench_generate}


def main(names):
    for name in names or BENCHES:
        BENCHES[name]()


if __name__ == "__main__":
    main(sys.argv[1:])
