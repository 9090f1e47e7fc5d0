"""Who may start and cancel jobs, and bad job requests refused naming the field, leaving nothing behind."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from streams_app.models import Job
from tests.job_helpers import start
from tests.topics import create_topic
from topics_app.models import AuditEntry


@pytest.fixture
def source(cluster, unique_name):
    return create_topic(unique_name("src"), 2)


def test_a_viewer_may_read_jobs_but_not_start_or_cancel_them(as_viewer, as_operator, cluster, source, personas):
    job = Job.objects.create(kind="generate", cluster=cluster, params={"topic": source, "count": 1})
    assert as_viewer.get("/api/v1/jobs/").status_code == 200
    assert as_viewer.get(f"/api/v1/jobs/{job.pk}/").json()["progress"] == {"done": 0, "total": None}
    for kind in ("replay", "generate", "ingest"):
        assert as_viewer.post(f"/api/v1/jobs/{kind}/", {}, content_type="application/json").status_code == 403
    assert as_viewer.post(f"/api/v1/jobs/{job.pk}/cancel/").status_code == 403
    assert as_viewer.post(f"/api/v1/jobs/{job.pk}/rerun/").status_code == 403
    assert as_viewer.post(f"/api/v1/jobs/{job.pk}/schedules/", {"every_s": 5},
                          content_type="application/json").status_code == 403
    assert as_viewer.get("/jobs/").status_code == 200
    assert as_viewer.get(f"/jobs/{job.pk}/").status_code == 200
    assert as_viewer.get("/jobs/new/replay/").status_code == 403
    assert as_viewer.post(f"/jobs/{job.pk}/cancel/").status_code == 403
    assert Job.objects.get(pk=job.pk).cancel_requested is False

    assert as_operator.post(f"/api/v1/jobs/{job.pk}/cancel/").json()["state"] == "cancelled"


@pytest.mark.parametrize("change, field", [
    ({"source_topic": "bad topic!"}, "source_topic"),
    ({"source_topic": "no-such-topic-anywhere"}, "topic"),
    ({"target_topic": ""}, "target_topic"),
    ({"target_topic": "no-such-target-anywhere", "create_target": False}, "target_topic"),
    ({"partitions": [0, 7]}, "partitions"),
    ({"start": {"type": "yesterday"}}, "start.type"),
    ({"start": {"type": "offset", "value": -3}}, "start.value"),
    ({"end": {"type": "timestamp", "value": "soon"}}, "end.value"),
    ({"end": {"type": "offset", "value": {"0": 5}}}, "end.value"),
    ({"filter": {"json_value": "x"}}, "filter.json_path"),
    ({"filter": {"script": "1"}}, "filter"),
    ({"rate": 0}, "rate"),
    ({"parts": 3}, "parts"),  # more parts than the source's two partitions
    ({"parts": 0}, "parts"),
    ({"parts": "two"}, "parts"),
    ({"target_cluster": "nowhere"}, "target_cluster"),
    ({"cluster": "nowhere"}, "cluster"),
])
def test_a_bad_replay_request_is_refused_naming_the_field(as_operator, cluster, source, unique_name, change, field):
    payload = {"cluster": cluster.name, "source_topic": source, "target_topic": unique_name("dst"),
               "create_target": True, **change}
    body = start(as_operator, "replay", payload, status=400 if "no-such-topic" not in str(change) else 404)
    assert body["field"] == field, body
    assert not Job.objects.exists()


def test_a_replay_into_itself_is_refused(as_operator, cluster, source):
    body = start(as_operator, "replay", {"cluster": cluster.name, "source_topic": source, "target_topic": source},
                 status=400)
    assert body["field"] == "target_topic"


@pytest.mark.parametrize("payload, field", [
    ({"count": 5, "duration_s": 5, "rate": 1}, "count"),
    ({}, "count"),
    ({"duration_s": 10}, "rate"),
    ({"count": "many"}, "count"),
    ({"count": 5, "topic": ""}, "topic"),
])
def test_a_bad_generator_request_names_the_field(as_operator, cluster, source, payload, field):
    body = start(as_operator, "generate", {"cluster": cluster.name, "topic": source, **payload}, status=400)
    assert body["field"] == field
    assert AuditEntry.objects.filter(action="start_job", result="failed").exists()


@pytest.mark.parametrize("fields, field", [
    ({"format": "xml"}, "format"),
    ({"format": "lines", "key_field": "id"}, "key_field"),
    ({"format": "jsonl", "on_bad_line": "ignore"}, "on_bad_line"),
    ({"format": "jsonl", "rate": "fast"}, "rate"),
])
def test_a_bad_ingest_request_names_the_field_and_keeps_no_file(as_operator, cluster, source, fields, field,
                                                                settings, tmp_path):
    settings.JOB_FILES_DIR = tmp_path
    upload = SimpleUploadedFile("a.jsonl", b"{}\n")
    response = as_operator.post("/api/v1/jobs/ingest/", {"topic": source, "file": upload, **fields})
    assert response.status_code == 400 and response.json()["field"] == field
    assert list(tmp_path.iterdir()) == []


def test_ingest_reads_server_files_only_inside_the_allowed_directory(as_operator, cluster, source, settings, tmp_path):
    settings.INGEST_ALLOWED_DIR = str(tmp_path)
    (tmp_path / "ok.jsonl").write_text("{}\n")
    for path in ("../../etc/passwd", "/etc/passwd", "missing.jsonl"):
        response = as_operator.post("/api/v1/jobs/ingest/", {"topic": source, "path": path, "format": "jsonl"})
        assert response.status_code == 400 and response.json()["field"] == "path", path
    response = as_operator.post("/api/v1/jobs/ingest/", {"topic": source, "path": "ok.jsonl", "format": "jsonl"})
    assert response.status_code == 201
    assert Job.objects.get(pk=response.json()["id"]).params["path"] == str(tmp_path / "ok.jsonl")
    response = as_operator.post("/api/v1/jobs/ingest/", {"topic": source, "format": "jsonl"})
    assert response.json()["field"] == "file"


def test_a_bad_schedule_names_the_field(as_operator, cluster, source):
    job = Job.objects.create(kind="generate", cluster=cluster, params={"topic": source, "count": 1})
    for payload, field in (({}, "every_s"), ({"every_s": 0}, "every_s"), ({"crontab": "* *"}, "crontab"),
                           ({"crontab": "61 * * * *"}, "crontab"), ({"every_s": 5, "crontab": "* * * * *"}, "crontab")):
        response = as_operator.post(f"/api/v1/jobs/{job.pk}/schedules/", payload, content_type="application/json")
        assert response.status_code == 400 and response.json()["field"] == field, payload
