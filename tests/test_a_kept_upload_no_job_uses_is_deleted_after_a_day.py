"""A file a refused ingest form kept for the next try is deleted once it is old and no job uses it;
files a job reads stay, so the job can resume or run again."""
import os
import time

from django.core.files.uploadedfile import SimpleUploadedFile

from streams_app.models import Job
from streams_app.services.jobs import uploads

DAY_S = 24 * 3600


def stored(name, age_s):
    path = uploads.store(SimpleUploadedFile(name, b"line\n"))
    then = time.time() - age_s
    os.utime(path, (then, then))
    return path


def test_only_old_uploads_that_no_job_names_are_deleted(db, cluster, settings, tmp_path):
    settings.JOB_FILES_DIR = tmp_path
    abandoned = stored("abandoned.jsonl", 2 * DAY_S)
    used = stored("used.jsonl", 2 * DAY_S)
    recent = stored("recent.jsonl", 60)
    Job.objects.create(kind=Job.Kind.INGEST, cluster=cluster, params={"path": str(used), "topic": "t"})
    (tmp_path / "notes.txt").write_text("not an upload")
    os.utime(tmp_path / "notes.txt", (0, 0))

    forgotten = uploads.forget_unused(DAY_S)

    assert forgotten == [abandoned.name]
    assert not abandoned.exists()
    assert used.exists() and recent.exists() and (tmp_path / "notes.txt").exists()


def test_nothing_happens_before_any_upload_was_stored(db, settings, tmp_path):
    settings.JOB_FILES_DIR = tmp_path / "never-made"

    assert uploads.forget_unused(DAY_S) == []
