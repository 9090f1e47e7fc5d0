"""Cancel is a flag the job checks between batches: the job stops writing, ends cancelled, and is audited."""
import time

from streams_app.models import Job
from tests.celery_worker import wait_for_job
from tests.job_helpers import start
from tests.topics import create_topic
from topics_app.models import AuditEntry


def test_cancel_stops_a_running_generator(worker, cluster, as_operator, unique_name):
    topic = create_topic(unique_name("gen"), 1)
    job = start(as_operator, "generate", {"cluster": cluster.name, "topic": topic, "duration_s": 600, "rate": 200})
    wait_for_job(job["id"], check=lambda j: j.state == "running" and j.done > 100)

    response = as_operator.post(f"/api/v1/jobs/{job['id']}/cancel/")
    assert response.status_code == 200
    job = wait_for_job(job["id"])

    assert job.state == Job.State.CANCELLED
    stopped_at = job.done
    time.sleep(1)
    assert Job.objects.get(pk=job.pk).done == stopped_at
    assert AuditEntry.objects.filter(action="cancel_job", details__job=job.pk, result="ok").exists()
    assert AuditEntry.objects.filter(action="start_job", details__job=job.pk, result="ok").exists()
