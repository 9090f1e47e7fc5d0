"""Ingest counts records and reports every bad line with its number and reason."""
import json

from django.core.files.uploadedfile import SimpleUploadedFile

from streams_app.models import Job
from tests.celery_worker import wait_for_job
from tests.job_helpers import read_all
from tests.topics import T0, create_topic


def upload(client, topic, content, name="data.jsonl", status=201, **fields):
    response = client.post("/api/v1/jobs/ingest/", {"topic": topic, "file": SimpleUploadedFile(name, content),
                                                     **fields})
    assert response.status_code == status, response.content
    return response.json()


def test_ingest_of_json_lines_skips_and_lists_bad_lines_by_number(worker, cluster, as_operator, unique_name):
    topic = create_topic(unique_name("in"), 2)
    lines = [json.dumps({"user": f"u{i}", "ts": T0 + i, "trace": f"t{i}", "n": i}) for i in range(50)]
    lines[9] = "{not json"
    lines[19] = json.dumps({"ts": 5, "n": 19})
    lines[29] = json.dumps({"user": "u", "ts": "yesterday"})
    lines[39] = ""
    job = upload(as_operator, topic, ("\n".join(lines) + "\n").encode(), format="jsonl", key_field="user",
                 timestamp_field="ts", header_fields="trace", on_bad_line="skip")
    job = wait_for_job(job["id"])

    assert job.state == Job.State.SUCCEEDED, job.error
    assert job.result["produced"] == 46
    assert job.result["bad_line_count"] == 4
    assert [bad["line"] for bad in job.result["bad_lines"]] == [10, 20, 30, 40]
    reasons = [bad["reason"] for bad in job.result["bad_lines"]]
    assert "not JSON" in reasons[0] and "user" in reasons[1] and "yesterday" in reasons[2] and "empty" in reasons[3]
    records = [r for rs in read_all(topic).values() for r in rs]
    assert len(records) == 46
    first = next(r for r in records if r[1] == b"u0")
    assert first[4] == T0 and first[3] == [("trace", b"t0")]


def test_ingest_with_on_bad_line_fail_produces_nothing_and_names_the_line(worker, cluster, as_operator,
                                                                          unique_name):
    topic = create_topic(unique_name("in"), 1)
    content = b"id,name,at\n1,ada,1700000000000\n2,bo\n3,chen,1700000002000\n"
    job = upload(as_operator, topic, content, name="people.csv", format="csv", key_field="id",
                 timestamp_field="at", on_bad_line="fail")
    job = wait_for_job(job["id"])

    assert job.state == Job.State.FAILED
    assert "line 3" in job.error and "2 fields" in job.error
    assert read_all(topic) == {0: []}


def test_ingest_of_csv_and_plain_lines_counts_every_record(worker, cluster, as_operator, unique_name):
    topic = create_topic(unique_name("in"), 1)
    csv_job = upload(as_operator, topic, b"id,name\n1,ada\n2,\"bo, jr\"\n", name="p.csv", format="csv",
                     key_field="id")
    lines_job = upload(as_operator, topic, b"first\n\nthird", name="l.txt", format="lines")
    csv_job, lines_job = wait_for_job(csv_job["id"]), wait_for_job(lines_job["id"])

    assert (csv_job.state, csv_job.result["produced"], csv_job.done) == ("succeeded", 2, 2)
    assert (lines_job.state, lines_job.result["produced"], lines_job.done) == ("succeeded", 3, 3)
    values = [r[2] for r in read_all(topic)[0]]
    assert json.loads(values[1]) == {"id": "2", "name": "bo, jr"}
    assert values[2:] == [b"first", b"", b"third"]
