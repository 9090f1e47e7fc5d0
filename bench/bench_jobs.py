"""Benchmark: replay and ingest jobs against Kafka's own tools, in the same run.

- Replay of 1,000,000 records of 100 bytes (exactly-once: transactions of REPLAY_BATCH_RECORDS
  records with the source offsets committed in each), next to kafka-console-consumer piped
  into kafka-console-producer, and next to kafka-consumer-perf-test and kafka-producer-perf-test.
- Ingest of a 1,000,000-line JSON Lines file (key from a field), next to kafka-console-producer
  reading the same file.

Strom's figures are the job services called in-process (`runner.run`, exactly what the Celery
task calls), so they measure the job, not the queue. Run with
`STROM_DEV=1 .venv/bin/python bench/bench_jobs.py` (broker and Redis running).
"""
import json
import os
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import harness

harness.start_django()

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


def run_job(kind, params):
    from streams_app.models import Job
    from streams_app.services.jobs import runner
    from topics_app.models import Cluster

    cluster = Cluster.ensure_default()
    job = Job.objects.create(kind=kind, cluster=cluster, params=runner.KINDS[kind].clean_params(cluster, params))
    elapsed = timed(lambda: runner.run(job.pk))
    job.refresh_from_db()
    assert job.state == "succeeded", job.error
    return job, elapsed


def rate_line(label, records, seconds, reference=None):
    rate = records / seconds
    ratio = f"   {rate / reference:5.2f}x" if reference else ""
    print(f"  {label:<58} {records:>9,} records {seconds:7.1f} s {rate:>10,.0f} rec/s{ratio}")
    return rate


def bench_replay():
    source = create(f"strom-bench-replay-src-{RUN_ID}")
    print(f"filling {source} with {RECORDS:,} records of 100 bytes (kafka-producer-perf-test) ...")
    out = tool("kafka-producer-perf-test", "--topic", source, "--num-records", str(RECORDS), "--record-size", "100",
               "--throughput", "-1", "--producer-props", f"bootstrap.servers={BOOTSTRAP}", "linger.ms=20",
               "batch.size=262144").stdout
    producer_perf = float(out.strip().splitlines()[-1].split(" records/sec")[0].split("(")[0].split(",")[1].split()[0])
    targets = [f"strom-bench-replay-dst-{RUN_ID}", f"strom-bench-console-dst-{RUN_ID}"]

    job, replay_s = run_job("replay", {"source_topic": source, "target_topic": targets[0], "create_target": True})
    # The target's end offsets also count one commit marker per partition per transaction.
    assert job.result["written"] == RECORDS

    create(targets[1])
    def console_pipe():
        consumer = subprocess.Popen([str(KAFKA_BIN / "kafka-console-consumer"), "--bootstrap-server", BOOTSTRAP,
                                     "--topic", source, "--from-beginning", "--max-messages", str(RECORDS)],
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        tool("kafka-console-producer", "--bootstrap-server", BOOTSTRAP, "--topic", targets[1],
             "--producer-property", "linger.ms=20", "--producer-property", "batch.size=262144",
             stdin=consumer.stdout, stdout=subprocess.DEVNULL)
        consumer.wait()
    console_s = timed(console_pipe)

    consumer_perf_s = timed(lambda: tool("kafka-consumer-perf-test", "--bootstrap-server", BOOTSTRAP, "--topic",
                                         source, "--messages", str(RECORDS)))

    print(f"\nReplay of {RECORDS:,} records of 100 bytes, {PARTITIONS} partitions:")
    strom = rate_line("Strom replay job (exactly-once, in-process)", RECORDS, replay_s)
    console = rate_line("kafka-console-consumer | kafka-console-producer", RECORDS, console_s)
    consumer_perf = rate_line("kafka-consumer-perf-test (read only, wall clock)", RECORDS, consumer_perf_s)
    print(f"  {'kafka-producer-perf-test (write only, as it reports)':<58} {RECORDS:>9,} records {'':>9} "
          f"{producer_perf:>10,.0f} rec/s")
    print(f"  ratios: Strom / console pipe {strom / console:.2f}; Strom / consumer-perf-test "
          f"{strom / consumer_perf:.2f}; Strom / producer-perf-test {strom / producer_perf:.2f}")
    delete(source, *targets)


def bench_ingest():
    topics = [create(f"strom-bench-ingest-{RUN_ID}"), create(f"strom-bench-ingest-console-{RUN_ID}")]
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "events.jsonl"
        with open(path, "w") as out:
            for n in range(RECORDS):
                out.write(json.dumps({"user": f"user-{n % 1000}", "n": n, "text": "x" * 40}) + "\n")
        size_mb = path.stat().st_size / 1e6
        job, ingest_s = run_job("ingest", {"topic": topics[0], "format": "jsonl", "key_field": "user",
                                           "path": str(path)})
        assert job.result["produced"] == RECORDS == count(topics[0])
        with open(path) as source:
            console_s = timed(lambda: tool("kafka-console-producer", "--bootstrap-server", BOOTSTRAP, "--topic",
                                           topics[1], "--producer-property", "linger.ms=20", "--producer-property",
                                           "batch.size=262144", stdin=source, stdout=subprocess.DEVNULL))
    print(f"\nIngest of a {RECORDS:,}-line JSON Lines file ({size_mb:.0f} MB):")
    strom = rate_line("Strom ingest job (key from a field, on_bad_line=fail)", RECORDS, ingest_s)
    console = rate_line("kafka-console-producer < file (values only)", RECORDS, console_s)
    print(f"  ratio: Strom / console producer {strom / console:.2f}")
    delete(*topics)


def main():
    bench_replay()
    bench_ingest()


if __name__ == "__main__":
    main()
