"""An ingest `path` that cannot name a file (NUL, too long, not text) answers a JSON 400 naming path, not a 500."""
import pytest

from streams_app.models import Job


@pytest.mark.parametrize("path", ["\x00", "x" * 5000, "y" * 300, ["x"], {}, 5, True, [None, None]],
                         ids=["nul", "5000-chars", "300-char-name", "list", "object", "number", "true", "nulls"])
def test_a_path_that_names_no_file_is_a_json_400_naming_path(as_operator, cluster, settings, tmp_path, path):
    settings.INGEST_ALLOWED_DIR = str(tmp_path)

    response = as_operator.post("/api/v1/jobs/ingest/", {"topic": "pizza", "format": "lines", "path": path},
                                content_type="application/json")

    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json()["field"] == "path"
    assert not Job.objects.exists()
