"""Each scheduled run (the task beat sends, called here directly) first checks its owner: a lost role, a deleted
account, or a job that would create a topic the owner may not create switch the schedule off, saying why."""
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from streams_app.models import Job, JobSchedule
from streams_app.services.jobs import schedules
from tests.topics import create_topic
from topics_app.models import AuditEntry


@pytest.fixture
def owner(db):
    user = get_user_model().objects.create_user("schedule-owner", password="schedule-owner-password")
    user.groups.set([Group.objects.get_or_create(name="operator")[0]])
    return user


@pytest.fixture
def generate_job(cluster, unique_name, owner):
    topic = create_topic(unique_name("gen"), 1)
    return Job.objects.create(kind="generate", cluster=cluster, created_by=owner,
                              params={"topic": topic, "count": 1, "duration_s": None, "rate": None})


def test_a_run_is_started_and_audited_as_the_schedules_owner(generate_job, owner):
    schedule = schedules.create(generate_job, every_s=60, actor=owner)

    job_id = schedules.fire(schedule.pk)

    run = Job.objects.get(pk=job_id)
    assert (run.created_by, run.rerun_of, run.params) == (owner, generate_job, generate_job.params)
    entry = AuditEntry.objects.get(action="start_job", details__schedule=schedule.pk)
    assert (entry.username, entry.result) == ("schedule-owner", "ok")
    assert entry.details == {"kind": "generate", "rerun_of": generate_job.pk, "schedule": schedule.pk,
                             "scheduled": True, "job": job_id}


def test_an_owner_who_lost_the_operator_role_stops_the_schedule(generate_job, owner):
    schedule = schedules.create(generate_job, every_s=60, actor=owner)
    owner.groups.set([Group.objects.get_or_create(name="viewer")[0]])

    assert schedules.fire(schedule.pk) is None

    schedule.refresh_from_db()
    assert schedule.disabled_reason == "Its owner schedule-owner no longer holds the operator role its job needs."
    assert schedule.disabled_at is not None and schedule.periodic_task.enabled is False
    assert list(Job.objects.all()) == [generate_job]
    assert schedules.fire(schedule.pk) is None
    assert AuditEntry.objects.filter(action="start_job", result="failed").count() == 1


def test_a_schedule_whose_owner_was_deleted_stops(generate_job, owner):
    schedule = schedules.create(generate_job, every_s=60, actor=owner)
    owner.delete()

    assert schedules.fire(schedule.pk) is None

    assert JobSchedule.objects.get(pk=schedule.pk).disabled_reason == "Its owner's account was deleted."
    assert Job.objects.count() == 1


def test_an_operators_schedule_of_a_replay_that_would_create_its_topic_stops_naming_create_target(
        cluster, unique_name, owner, personas):
    source = create_topic(unique_name("src"), 1)
    saved = Job.objects.create(kind="replay", cluster=cluster, created_by=personas["admin"], params={
        "source_topic": source, "partitions": None, "start": {"type": "earliest"}, "end": {"type": "latest"},
        "target_cluster": cluster.name, "target_topic": unique_name("gone"), "create_target": True,
        "filter": None, "rate": None})
    schedule = schedules.create(saved, every_s=60, actor=owner)

    assert schedules.fire(schedule.pk) is None

    reason = JobSchedule.objects.get(pk=schedule.pk).disabled_reason
    assert reason.startswith("create_target: creating a topic needs the admin role"), reason
    assert Job.objects.count() == 1
