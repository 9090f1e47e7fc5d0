"""A worker killed with SIGKILL in the middle of a replay: a new worker resumes it, and the target
holds each source record exactly once for a read_committed reader."""
from streams_app.models import Job
from tests.celery_worker import new_worker, wait_for_job
from tests.job_helpers import payloads, read_all, start
from tests.topics import T0, create_topic, produce_records


def test_a_replay_killed_mid_job_resumes_on_a_new_worker_with_nothing_lost_or_doubled(
        worker, jobs_queue, cluster, as_operator, unique_name):
    source = create_topic(unique_name("src"), 3)
    target = create_topic(unique_name("dst"), 3)
    produce_records(source, [(p, f"k{i}".encode(), f"{p}-{i}".encode(), T0 + i, [("n", str(i).encode())])
                             for i in range(1500) for p in range(3)])

    job = start(as_operator, "replay", {"cluster": cluster.name, "source_topic": source, "target_topic": target,
                                        "rate": 900})
    running = wait_for_job(job["id"], check=lambda j: j.done >= 1200, timeout_s=60)
    first_worker = running.worker
    worker.kill()
    killed_at = Job.objects.get(pk=job["id"])
    assert killed_at.state == Job.State.RUNNING and killed_at.done < 4500

    second = new_worker(jobs_queue).start()
    try:
        job = wait_for_job(job["id"], timeout_s=120)
    finally:
        second.stop()

    assert job.state == Job.State.SUCCEEDED, job.error
    assert job.worker != first_worker
    assert (job.done, job.total) == (4500, 4500)
    assert payloads(read_all(target, "read_committed")) == payloads(read_all(source))
    assert job.result["written"] == 4500
