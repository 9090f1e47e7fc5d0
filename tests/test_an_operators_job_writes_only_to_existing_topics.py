"""Creating a topic needs the admin role, also through a job: an operator's replay or ingest writes only to a
topic that exists, and the topic an admin's job creates is in the audit log as that admin's."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from streams_app.models import Job
from tests.celery_worker import wait_for_job
from tests.job_helpers import start
from tests.topics import create_topic, kafka_topic_names, produce_records
from topics_app.models import AuditEntry


@pytest.fixture
def source(cluster, unique_name):
    name = create_topic(unique_name("src"), 2)
    produce_records(name, [(p, b"k", f"v{p}".encode(), None) for p in range(2)])
    return name


def replay_request(cluster, source, target):
    return {"cluster": cluster.name, "source_topic": source, "target_topic": target, "create_target": True}


def test_an_operators_replay_into_a_new_topic_is_refused_naming_create_target(as_operator, cluster, source,
                                                                              unique_name):
    target = unique_name("dst")

    body = start(as_operator, "replay", replay_request(cluster, source, target), status=403)

    assert body["field"] == "create_target" and "admin role" in body["detail"], body
    assert not Job.objects.exists()
    assert target not in kafka_topic_names()
    refused = AuditEntry.objects.get(action="start_job", target=target)
    assert (refused.username, refused.result) == ("operator-persona", "failed")


def test_an_operators_replay_form_puts_the_refusal_on_create_target(as_operator, cluster, source, unique_name):
    form = {"cluster": cluster.name, "source_topic": source, "start_type": "earliest", "end_type": "latest",
            "target_topic": unique_name("dst"), "create_target": "on"}

    response = as_operator.post("/jobs/new/replay/", form)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["create_target"] and "admin role" in errors["create_target"][0]
    assert not Job.objects.exists()


def test_an_operators_ingest_into_a_new_topic_is_refused_naming_create_topic_and_keeps_no_file(
        as_operator, cluster, unique_name, settings, tmp_path):
    settings.JOB_FILES_DIR = tmp_path
    topic = unique_name("new")

    response = as_operator.post("/api/v1/jobs/ingest/", {
        "topic": topic, "format": "lines", "create_topic": "true", "file": SimpleUploadedFile("l.txt", b"one\n")})
    assert response.status_code == 403 and response.json()["field"] == "create_topic", response.content
    assert list(tmp_path.iterdir()) == []

    page = as_operator.post("/jobs/new/ingest/", {
        "cluster": cluster.name, "topic": topic, "format": "lines", "on_bad_line": "fail", "create_topic": "on",
        "file": SimpleUploadedFile("l.txt", b"one\n")})
    assert list(page.context["form"].errors) == ["create_topic"]
    assert not Job.objects.exists()
    assert topic not in kafka_topic_names()


def test_an_operator_may_tick_create_target_for_a_topic_that_exists(as_operator, cluster, source, unique_name):
    target = create_topic(unique_name("dst"), 1)

    job = start(as_operator, "replay", replay_request(cluster, source, target))

    assert Job.objects.get(pk=job["id"]).params["target_topic"] == target


def test_an_admins_replay_creates_the_target_and_the_audit_log_says_so(worker, as_admin, as_operator, cluster,
                                                                        source, unique_name):
    target = unique_name("dst")

    job = wait_for_job(start(as_admin, "replay", replay_request(cluster, source, target))["id"])

    assert job.state == Job.State.SUCCEEDED, job.error
    assert target in kafka_topic_names()
    created = AuditEntry.objects.get(action="create_topic", target=target)
    assert (created.username, created.result, created.cluster) == ("admin-persona", "ok", cluster.name)
    assert created.details["job"] == job.pk and created.details["partitions"] == 2

    # An operator's run of the same job again writes into the topic that now exists.
    rerun = as_operator.post(f"/api/v1/jobs/{job.pk}/rerun/")
    assert rerun.status_code == 201, rerun.content


def test_an_operators_run_again_of_an_admins_job_whose_topic_is_gone_is_refused(as_operator, cluster, source,
                                                                               personas, unique_name):
    saved = Job.objects.create(kind="replay", cluster=cluster, created_by=personas["admin"],
                               params={**replay_request(cluster, source, unique_name("gone")), "partitions": None,
                                       "start": {"type": "earliest"}, "end": {"type": "latest"},
                                       "target_cluster": cluster.name, "filter": None, "rate": None})

    response = as_operator.post(f"/api/v1/jobs/{saved.pk}/rerun/")

    assert response.status_code == 403 and response.json()["field"] == "create_target", response.content
    assert list(Job.objects.all()) == [saved]
