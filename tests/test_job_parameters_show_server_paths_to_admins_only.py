"""Where an ingest's file lies on the server is for admins: operators and viewers see the file's name, on the job
page and in the API (parameters and error alike)."""
import pytest

from streams_app.models import Job

SERVER_PATH = "/srv/strom/job-files/4f1c-orders.jsonl"


@pytest.fixture
def job(cluster):
    return Job.objects.create(kind="ingest", cluster=cluster, state="failed", params={
        "topic": "pizza", "format": "jsonl", "path": SERVER_PATH, "file_name": "orders.jsonl", "on_bad_line": "fail",
        "rate": None}, error=f"FileNotFoundError: [Errno 2] No such file or directory: '{SERVER_PATH}'")


@pytest.mark.parametrize("role", ["viewer", "operator"])
def test_operators_and_viewers_see_the_file_name_not_its_server_path(request, job, role):
    client = request.getfixturevalue(f"as_{role}")

    shown = client.get(f"/api/v1/jobs/{job.pk}/").json()
    listed = next(j for j in client.get("/api/v1/jobs/").json() if j["id"] == job.pk)
    page = client.get(f"/jobs/{job.pk}/").content.decode()

    for data in (shown, listed):
        assert "path" not in data["params"] and data["params"]["file_name"] == "orders.jsonl"
        assert data["error"] == "FileNotFoundError: [Errno 2] No such file or directory: 'orders.jsonl'"
    assert "/srv/strom" not in page and "<dt>File</dt><dd>orders.jsonl</dd>" in page


def test_an_admin_sees_the_server_path(as_admin, job):
    shown = as_admin.get(f"/api/v1/jobs/{job.pk}/").json()
    page = as_admin.get(f"/jobs/{job.pk}/").content.decode()

    assert shown["params"]["path"] == SERVER_PATH and SERVER_PATH in shown["error"]
    assert f"<dt>Server path</dt><dd>{SERVER_PATH}</dd>" in page and f"{SERVER_PATH}" in page
