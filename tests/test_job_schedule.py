"""A saved job runs again on a schedule: a real Celery beat fires it, a real worker runs it."""
import time

from streams_app.models import Job, JobSchedule
from tests.celery_worker import due_at_once, new_beat, wait_for_job
from tests.job_helpers import start
from tests.topics import create_topic


def test_an_interval_schedule_fires_the_saved_job_again(worker, jobs_queue, cluster, as_operator, unique_name,
                                                        tmp_path):
    topic = create_topic(unique_name("gen"), 1)
    saved = wait_for_job(start(as_operator, "generate", {"cluster": cluster.name, "topic": topic, "count": 5})["id"])
    response = as_operator.post(f"/api/v1/jobs/{saved.pk}/schedules/", {"every_s": 10},
                                content_type="application/json")
    assert response.status_code == 201, response.content
    schedule = JobSchedule.objects.get(pk=response.json()["id"])
    assert schedule.periodic_task.interval.every == 10 and schedule.periodic_task.queue == jobs_queue
    due_at_once(schedule)

    beat = new_beat(jobs_queue, tmp_path).start()
    try:
        _wait_for_reruns(saved, 2)
    finally:
        beat.stop()

    runs = Job.objects.filter(rerun_of=saved)
    assert all(run.params == saved.params and run.kind == "generate" for run in runs)

    assert as_operator.delete(f"/api/v1/jobs/schedules/{schedule.pk}/").status_code == 204
    assert not JobSchedule.objects.filter(pk=schedule.pk).exists()


def _wait_for_reruns(saved, count, timeout_s=60):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if Job.objects.filter(rerun_of=saved, state="succeeded").count() >= count:
            return
        time.sleep(0.2)
    raise AssertionError("the schedule did not fire twice")
