"""Where uploaded ingest files are kept: under JOB_FILES_DIR, so a resumed or repeated run reads them again."""
import re
import uuid
from pathlib import Path

from django.conf import settings

from topics_app.errors import InvalidRequest


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


def discard(path):
    Path(path).unlink(missing_ok=True)
