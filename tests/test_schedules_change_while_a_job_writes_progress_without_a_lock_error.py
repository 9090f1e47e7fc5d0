"""Several people create and delete schedules while a job on a real worker writes its progress and beat keeps
its own books, all in the one database: no request fails (no 500, no "database is locked"), and the job
finishes with every record counted."""
import threading

from django.db import connection
from django.test import Client

from streams_app.models import Job, JobSchedule
from tests.celery_worker import new_beat, wait_for_job
from tests.job_helpers import start
from tests.topics import create_topic

COUNT = 30_000


def churn(user, job_id, stop, answers, failures):
    """Create a schedule (API) and delete it (API, then the page's button, by turns) until told to stop."""
    client = Client()
    client.force_login(user)
    try:
        turn = 0
        while not stop.is_set():
            created = client.post(f"/api/v1/jobs/{job_id}/schedules/", {"every_s": 3600},
                                  content_type="application/json")
            answers.append(created.status_code)
            if created.status_code != 201:
                continue
            schedule = created.json()["id"]
            turn += 1
            if turn % 2:
                answers.append(client.delete(f"/api/v1/jobs/schedules/{schedule}/").status_code)
            else:
                answers.append(client.post(f"/jobs/schedules/{schedule}/delete/").status_code)
    except Exception as error:  # the test client raises what a view raised: that is what this test looks for
        failures.append(error)
    finally:
        connection.close()


def test_creating_and_deleting_schedules_while_a_job_writes_progress_never_fails_on_a_lock(
        worker, jobs_queue, cluster, as_operator, personas, unique_name, tmp_path):
    topic = create_topic(unique_name("gen"), 2)
    beat = new_beat(jobs_queue, tmp_path).start()
    saved = wait_for_job(start(as_operator, "generate", {"cluster": cluster.name, "topic": topic, "count": 1})["id"])
    running = start(as_operator, "generate", {"cluster": cluster.name, "topic": topic, "count": COUNT,
                                              "rate": 2000})
    wait_for_job(running["id"], check=lambda job: job.done > 0)

    stop, answers, failures = threading.Event(), [], []
    people = [threading.Thread(target=churn, args=(personas["operator"], saved.pk, stop, answers, failures))
              for _ in range(3)]
    for person in people:
        person.start()
    try:
        job = wait_for_job(running["id"], timeout_s=120)
    finally:
        stop.set()
        for person in people:
            person.join(timeout=60)
        beat.stop()

    assert failures == []
    assert set(answers) <= {201, 204, 302}, sorted(set(answers))
    assert answers.count(201) >= 20
    assert (job.state, job.done, job.result["produced"]) == (Job.State.SUCCEEDED, COUNT, COUNT)
    assert not JobSchedule.objects.exists()
