"""A replay split by partition into parts runs on several workers at once: each part has a transactional producer
of its own, the job's row sums their progress, and a part whose worker is killed is resumed by another worker,
with each source record once in the target for a read_committed reader."""
import socket

from streams_app.models import Job
from tests.celery_worker import new_worker, wait_for_job
from tests.job_helpers import payloads, read_all, start
from tests.topics import T0, create_topic, produce_records

RECORDS_PER_PARTITION = 1500


def three_partitions_to_copy(unique_name):
    source = create_topic(unique_name("src"), 3)
    target = create_topic(unique_name("dst"), 3)
    produce_records(source, [(p, f"k{i}".encode(), f"{p}-{i}".encode(), T0 + i, [("n", str(i).encode())])
                             for i in range(RECORDS_PER_PARTITION) for p in range(3)])
    return source, target


def name_of(worker):
    return f"{socket.gethostname()}:{worker.process.pid}"


def test_a_replay_in_two_parts_runs_on_two_workers_and_copies_each_record_once(
        worker, jobs_queue, cluster, as_operator, admin_client, unique_name):
    source, target = three_partitions_to_copy(unique_name)
    second = new_worker(jobs_queue).start()
    try:
        started = start(as_operator, "replay", {"cluster": cluster.name, "source_topic": source,
                                                "target_topic": target, "parts": 2, "rate": 1500})
        job = wait_for_job(started["id"], timeout_s=120)
    finally:
        second.stop()

    assert job.state == Job.State.SUCCEEDED, job.error
    assert (job.done, job.total) == (4500, 4500)
    assert payloads(read_all(target, "read_committed")) == payloads(read_all(source))
    assert job.result["written"] == 4500
    shown = as_operator.get(f"/api/v1/jobs/{job.pk}/").json()["parts"]
    assert [(part["partitions"], part["state"], part["done"]) for part in shown] == [
        ([0, 2], "succeeded", 3000), ([1], "succeeded", 1500)]
    assert {part["worker"] for part in shown} == {name_of(worker), name_of(second)}
    page = as_operator.get(f"/jobs/{job.pk}/").content.decode()
    assert 'id="job-parts"' in page and name_of(second) in page
    django_admin = admin_client.get(f"/admin/streams_app/job/{job.pk}/change/")  # a superuser's
    assert django_admin.status_code == 200 and name_of(second) in django_admin.content.decode()


def test_a_part_whose_worker_is_killed_is_resumed_by_another_worker_with_nothing_lost_or_doubled(
        worker, jobs_queue, cluster, as_operator, unique_name):
    source, target = three_partitions_to_copy(unique_name)
    second = new_worker(jobs_queue).start()
    third = None
    try:
        started = start(as_operator, "replay", {"cluster": cluster.name, "source_topic": source,
                                                "target_topic": target, "parts": 2, "rate": 600})
        killed = name_of(worker)
        wait_for_job(started["id"], timeout_s=60, check=lambda j: any(
            part.worker == killed and part.done >= 300 for part in j.parts.all()))
        worker.kill()

        third = new_worker(jobs_queue).start()
        job = wait_for_job(started["id"], timeout_s=120)
    finally:
        second.stop()
        if third is not None:
            third.stop()

    assert job.state == Job.State.SUCCEEDED, job.error
    assert (job.done, job.total) == (4500, 4500)
    assert payloads(read_all(target, "read_committed")) == payloads(read_all(source))
    parts = list(job.parts.all())
    assert [part.state for part in parts] == ["succeeded", "succeeded"]
    assert killed not in {part.worker for part in parts}


def test_cancelling_a_replay_in_parts_stops_every_part_and_the_target_holds_what_it_counted(
        worker, jobs_queue, cluster, as_operator, unique_name):
    source, target = three_partitions_to_copy(unique_name)
    second = new_worker(jobs_queue).start()
    try:
        started = start(as_operator, "replay", {"cluster": cluster.name, "source_topic": source,
                                                "target_topic": target, "parts": 2, "rate": 300})
        wait_for_job(started["id"], timeout_s=60, check=lambda j: all(
            part.done >= 100 for part in j.parts.all()) and j.parts.count() == 2)
        assert as_operator.post(f"/api/v1/jobs/{started['id']}/cancel/").status_code == 200
        job = wait_for_job(started["id"], timeout_s=60)
    finally:
        second.stop()

    assert job.state == Job.State.CANCELLED
    assert [part.state for part in job.parts.all()] == ["cancelled", "cancelled"]
    assert 0 < job.done < 4500
    copied = read_all(target, "read_committed")
    assert sum(len(records) for records in copied.values()) == job.done

