"""Where uploaded ingest files are kept: under JOB_FILES_DIR, so a resumed or repeated run reads them again."""
import re
import time
import uuid
from pathlib import Path

from django.conf import settings

from streams_app.models import Job
from topics_app.errors import InvalidRequest

# What `store` names a file: 32 hex digits, a dash, the upload's own name made safe.
KEPT_NAME = re.compile(r"^[0-9a-f]{32}-[A-Za-z0-9._-]{1,100}$")


def store(uploaded):
    if uploaded.size > settings.INGEST_MAX_UPLOAD_BYTES:
        raise InvalidRequest(f"file is larger than {settings.INGEST_MAX_UPLOAD_BYTES} bytes.", field="file")
    directory = Path(settings.JOB_FILES_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", Path(uploaded.name or "upload").name)[-100:]
    path = directory / f"{uuid.uuid4().hex}-{safe}"
    with open(path, "wb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    return path


def kept(name):
    """The stored upload a form kept after a refusal, by the file name `store` gave it; None if there is none."""
    if not KEPT_NAME.match(name or ""):
        return None
    path = Path(settings.JOB_FILES_DIR) / name
    return path if path.is_file() else None


def discard(path):
    Path(path).unlink(missing_ok=True)


def forget_unused(max_age_s):
    """Delete stored uploads no job reads, older than `max_age_s`: those a refused form kept for a next try
    that never came. Files a job names stay, so its resume or rerun can read them. Returns the names deleted."""
    directory = Path(settings.JOB_FILES_DIR)
    if not directory.is_dir():
        return []
    used = set(Job.objects.filter(kind=Job.Kind.INGEST).values_list("params__path", flat=True))
    cutoff = time.time() - max_age_s
    forgotten = []
    for path in directory.iterdir():
        if KEPT_NAME.match(path.name) and str(path) not in used and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            forgotten.append(path.name)
    return sorted(forgotten)
