"""An ingest whose worker is killed mid-file resumes from its last checkpoint and sends again what it wrote
after it: the result counts every record that reached Kafka, repeats included, and says how many may be
repeats; the job page says so too."""
from django.core.files.uploadedfile import SimpleUploadedFile
from kafka import KafkaConsumer, TopicPartition

from streams_app.models import Job
from tests.celery_worker import new_worker, wait_for_job
from tests.conftest import BOOTSTRAP
from tests.topics import create_topic

# At 4,000 lines/s, 15 s: the worker saves a checkpoint every JOB_CHECKPOINT_INTERVAL_S (5 s).
LINES = 60_000


def records_held(topic):
    consumer = KafkaConsumer(bootstrap_servers=BOOTSTRAP)
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic)]
        firsts, ends = consumer.beginning_offsets(partitions), consumer.end_offsets(partitions)
        return sum(ends[tp] - firsts[tp] for tp in partitions)
    finally:
        consumer.close()


def test_an_ingest_killed_after_a_checkpoint_counts_the_records_it_sent_twice(
        worker, jobs_queue, cluster, as_operator, unique_name):
    topic = create_topic(unique_name("in"), 2)
    content = "".join(f"line {n}\n" for n in range(1, LINES + 1)).encode()
    response = as_operator.post("/api/v1/jobs/ingest/", {"topic": topic, "format": "lines", "rate": 4000,
                                                         "file": SimpleUploadedFile("lines.txt", content)})
    assert response.status_code == 201, response.content
    job_id = response.json()["id"]

    # Killed with records sent after its first checkpoint.
    wait_for_job(job_id, check=lambda j: (j.checkpoint or {}).get("line", 0) and j.done >= j.checkpoint["line"] + 6000,
                 timeout_s=60)
    worker.kill()
    assert Job.objects.get(pk=job_id).done < LINES
    second = new_worker(jobs_queue).start()
    try:
        job = wait_for_job(job_id, timeout_s=120)
    finally:
        second.stop()

    assert job.state == Job.State.SUCCEEDED, job.error
    assert job.result["produced"] == records_held(topic)
    assert job.result["possible_repeats"] == job.result["produced"] - LINES
    assert job.result["possible_repeats"] > 0
    page = as_operator.get(f"/jobs/{job_id}/").content.decode()
    assert f"{job.result['possible_repeats']:,} of the {job.result['produced']:,} records may be repeats" in page
