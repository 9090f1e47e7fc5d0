"""Where uploaded ingest files are kept: under JOB_FILES_DIR, so a resumed or repeated run reads them again."""
import re
import uuid
from pathlib import Path

from django.conf import settings

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
