"""A schedule runs its job as its owner, every run audited; once the owner is deactivated and loses the role, the
next run is refused, the schedule is switched off and says why, and no more jobs appear. Real worker and beat."""
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django_celery_beat.models import PeriodicTask

from streams_app.models import Job, JobSchedule
from tests.celery_worker import due_at_once, new_beat, wait_for_job
from tests.job_helpers import start
from tests.topics import create_topic
from topics_app.models import AuditEntry


def wait_for(find, what, timeout_s=60):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = find()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"no {what} within {timeout_s} s")


def test_a_schedule_runs_as_its_owner_and_stops_saying_why_once_the_owner_is_deactivated(
        worker, jobs_queue, cluster, as_admin, unique_name, tmp_path):
    owner = get_user_model().objects.create_user("schedule-owner", password="schedule-owner-password")
    owner.groups.set([Group.objects.get_or_create(name="operator")[0]])
    as_owner = Client()
    as_owner.force_login(owner)
    topic = create_topic(unique_name("gen"), 1)
    saved = wait_for_job(start(as_owner, "generate", {"cluster": cluster.name, "topic": topic, "count": 3})["id"])
    response = as_owner.post(f"/api/v1/jobs/{saved.pk}/schedules/", {"every_s": 10}, content_type="application/json")
    assert response.status_code == 201, response.content
    schedule = JobSchedule.objects.get(pk=response.json()["id"])
    due_at_once(schedule)

    beat = new_beat(jobs_queue, tmp_path).start()
    try:
        first = wait_for(lambda: Job.objects.filter(rerun_of=saved).first(), "scheduled run")
        owner.is_active = False
        owner.save()
        owner.groups.clear()
        disabled = wait_for(lambda: JobSchedule.objects.filter(pk=schedule.pk).exclude(disabled_reason="").first(),
                            "disabled schedule")
        # One more interval (and a beat tick) after the refusal: a switched-off schedule makes no job.
        time.sleep(12)
    finally:
        beat.stop()

    assert wait_for_job(first.pk).created_by == owner
    assert list(Job.objects.filter(rerun_of=saved)) == [first]
    assert disabled.disabled_reason == "Its owner schedule-owner was deactivated."
    assert PeriodicTask.objects.get(pk=schedule.periodic_task_id).enabled is False

    runs = AuditEntry.objects.filter(action="start_job", details__schedule=schedule.pk).order_by("at")
    assert [(run.username, run.result, run.details["scheduled"]) for run in runs] == [
        ("schedule-owner", "ok", True), ("schedule-owner", "failed", True)]
    assert runs[0].details["job"] == first.pk and runs[0].details["rerun_of"] == saved.pk
    assert runs[1].error == "Its owner schedule-owner was deactivated."

    listing = as_admin.get("/jobs/").content.decode()
    assert "Its owner schedule-owner was deactivated." in listing
    assert "Its owner schedule-owner was deactivated." in as_admin.get(f"/jobs/{saved.pk}/").content.decode()
    shown = as_admin.get(f"/api/v1/jobs/{saved.pk}/schedules/").json()
    assert [(s["enabled"], s["disabled_reason"], s["created_by"]) for s in shown] == [
        (False, "Its owner schedule-owner was deactivated.", "schedule-owner")]
