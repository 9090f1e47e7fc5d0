"""Ingest can create the topic it writes to, and a form refused for another field keeps the chosen file."""
from django.core.files.uploadedfile import SimpleUploadedFile

from streams_app.models import Job
from tests.celery_worker import wait_for_job
from tests.job_helpers import read_all
from tests.topics import kafka_describe


def test_ingest_with_create_topic_creates_it_with_the_partitions_asked_for(worker, cluster, as_admin, unique_name):
    topic = unique_name("new")

    response = as_admin.post("/api/v1/jobs/ingest/", {
        "topic": topic, "format": "lines", "create_topic": "true", "topic_partitions": "2",
        "file": SimpleUploadedFile("l.txt", b"one\ntwo\nthree\n")})

    assert response.status_code == 201, response.content
    job = wait_for_job(response.json()["id"])
    assert job.state == Job.State.SUCCEEDED, job.error
    assert sorted(kafka_describe(topic)) == [0, 1]
    assert sorted(r[2] for rs in read_all(topic).values() for r in rs) == [b"one", b"three", b"two"]


def test_ingest_without_create_topic_refuses_a_missing_topic(cluster, as_operator, unique_name):
    response = as_operator.post("/api/v1/jobs/ingest/", {
        "topic": unique_name("missing"), "format": "lines", "file": SimpleUploadedFile("l.txt", b"one\n")})

    assert response.status_code == 404
    assert not Job.objects.exists()


def test_a_form_refused_for_another_field_keeps_the_file_and_the_next_post_uses_it(cluster, as_admin, unique_name):
    topic = unique_name("in")
    form = {"cluster": cluster.name, "topic": topic, "format": "lines", "on_bad_line": "fail",
            "create_topic": "on", "rate": "0"}

    refused = as_admin.post("/jobs/new/ingest/", {**form, "file": SimpleUploadedFile("orders.txt", b"a\nb\n")})
    kept = refused.context["form"].data["kept_file"]
    started = as_admin.post("/jobs/new/ingest/", {**form, "rate": "", "kept_file": kept}, follow=True)

    assert refused.status_code == 200 and refused.context["form"].errors.keys() == {"rate"}
    assert "Kept your file <strong>orders.txt</strong>" in refused.content.decode()
    assert f'name="kept_file" value="{kept}"' in refused.content.decode()
    job = Job.objects.get()
    assert job.params["file_name"] == "orders.txt" and job.params["path"].endswith(kept)
    assert f"Ingest job {job.pk} started." in {str(m) for m in started.context["messages"]}
