"""Ingest a file into a topic: CSV with a header row, JSON Lines, or plain lines.

Every bad line is reported with its number and reason. With on_bad_line=fail the whole file
is checked before anything is produced, so a bad file leaves the topic untouched; with skip
the good lines are produced and the bad ones listed in the job's result.
"""
import csv
import json
import time
from pathlib import Path

import orjson
from django.conf import settings

from streams_app.services import offset_lookups
from streams_app.services.jobs import topic_creation
from streams_app.services.jobs.common import (
    Cancelled,
    Pace,
    check_cancel,
    optional_int,
    rate_param,
    text_list,
    topic_param,
)
from topics_app import errors, kafka_bulk, kafka_clients
from topics_app.errors import InvalidRequest
from topics_app.timestamps import epoch_millis

CSV, JSONL, LINES = "csv", "jsonl", "lines"
FORMATS = (CSV, JSONL, LINES)
FAIL, SKIP = "fail", "skip"
# Linux's PATH_MAX: a longer name cannot be a file on the server.
MAX_PATH_CHARS = 4096


class BadLine(Exception):
    pass


def allowed_path(raw):
    """The server file named by `raw`, which must lie inside INGEST_ALLOWED_DIR."""
    if not isinstance(raw, str) or not raw or len(raw) > MAX_PATH_CHARS or "\x00" in raw:
        raise InvalidRequest(f"path must be the name of a file in the ingest directory: text of 1 to "
                             f"{MAX_PATH_CHARS} characters, without NUL.", field="path")
    base = settings.INGEST_ALLOWED_DIR
    if not base:
        raise InvalidRequest("Reading files on the server is switched off (INGEST_ALLOWED_DIR is not set); "
                             "upload the file instead.", field="path")
    base = Path(base).resolve()
    try:
        path = (base / raw).resolve()
        if not path.is_relative_to(base):
            raise InvalidRequest(f"path must lie inside the ingest directory {base.name}/.", field="path")
        found = path.is_file()
    except (OSError, ValueError):
        # A name the file system refuses (too long, not encodable) names no file it holds.
        found = False
    if not found:
        raise InvalidRequest(f"No file {raw[:200]!r} in the ingest directory.", field="path")
    return path


def clean_params(cluster, params):
    """Check an ingest request; `params["path"]` is a server path or an already stored upload."""
    fmt = params.get("format") or ""
    if fmt not in FORMATS:
        raise InvalidRequest(f"format must be one of {', '.join(FORMATS)}.", field="format")
    on_bad_line = params.get("on_bad_line") or FAIL
    if on_bad_line not in (FAIL, SKIP):
        raise InvalidRequest("on_bad_line must be fail or skip.", field="on_bad_line")
    cleaned = {
        "topic": topic_param(params, "topic"),
        "format": fmt,
        "key_field": params.get("key_field") or "",
        "timestamp_field": params.get("timestamp_field") or "",
        "header_fields": text_list(params, "header_fields"),
        "on_bad_line": on_bad_line,
        "rate": rate_param(params),
        "path": str(params["path"]),
        "file_name": params.get("file_name") or Path(params["path"]).name,
        "create_topic": params.get("create_topic") in (True, "true", "on", "1", 1),
        "topic_partitions": optional_int(params, "topic_partitions", minimum=1, maximum=100_000) or 1,
    }
    if fmt == LINES:
        for name in ("key_field", "timestamp_field", "header_fields"):
            if cleaned[name]:
                raise InvalidRequest(f"{name} needs csv or jsonl: plain lines have no fields.", field=name)
    try:
        kafka_clients.topic_partitions(cluster, cleaned["topic"])
    except errors.NotFound:
        if not cleaned["create_topic"]:
            raise
    return cleaned


def ensure_topic(cluster, job):
    """Create the topic when the job was asked to and it does not exist yet (a rerun finds it there)."""
    params = job.params
    if not params.get("create_topic"):
        return
    try:
        kafka_clients.topic_partitions(cluster, params["topic"])
    except errors.NotFound:
        topic_creation.create(job, cluster, params["topic"], params.get("topic_partitions") or 1,
                              settings.REPLAY_REPLICATION_FACTOR)


# --- parsing: one line (or CSV row) to (key, value, timestamp, headers) ---------------------------

def to_millis(raw):
    """A timestamp field: milliseconds since 1970 (number or digits), or an ISO 8601 date-time."""
    if raw is None or isinstance(raw, bool):
        raise BadLine(f"timestamp {raw!r} is not a time")
    try:
        return epoch_millis(raw)
    except (ValueError, OverflowError):
        raise BadLine(f"timestamp {str(raw).strip()!r} is neither milliseconds nor an ISO 8601 date-time") from None


def as_bytes(value):
    if value is None:
        return None
    return (value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)).encode()


def field_of(document, name):
    """A field by name, or by dotted path into nested objects."""
    if name in document:
        return document[name]
    found = document
    for part in name.split("."):
        if not isinstance(found, dict) or part not in found:
            raise BadLine(f"no field {name!r}")
        found = found[part]
    return found


def from_document(document, params):
    key = as_bytes(field_of(document, params["key_field"])) if params["key_field"] else None
    timestamp = to_millis(field_of(document, params["timestamp_field"])) if params["timestamp_field"] else None
    headers = [(name, as_bytes(field_of(document, name)) or b"") for name in params["header_fields"]]
    return key, timestamp, headers


def records(path, params, good_ones=True):
    """Yield (line number, record or None, reason or None) for every line of the file; with good_ones False,
    for the bad lines only (JSON Lines are then read without building their records)."""
    with open(path, "rb") as raw_file:
        numbered = enumerate(raw_file, start=1)
        if params["format"] == CSV:
            yield from (line for line in _csv_records(numbered, params) if good_ones or line[2])
        elif params["format"] == JSONL:
            yield from _json_records(numbered, params, good_ones)
        elif good_ones:  # plain lines are never bad
            for number, raw in numbered:
                yield number, (None, raw.rstrip(b"\r\n") if raw.endswith(b"\n") else raw, None, []), None


_MISSING = object()


def _json_records(numbered, params, good_ones):
    """The JSON Lines of `numbered`, with what depends on the job's fields decided once per file: the calls and
    lookups per line were most of an ingest's time."""
    key_field, with_fields = params["key_field"], bool(params["timestamp_field"] or params["header_fields"])
    loads, decode_error = orjson.loads, orjson.JSONDecodeError
    for number, raw in numbered:
        if raw.endswith(b"\n"):
            raw = raw.rstrip(b"\r\n")
        try:
            document = loads(raw)
        except decode_error as error:
            yield number, None, _not_json(raw, error)
            continue
        if not (key_field or with_fields):
            if good_ones:
                yield number, (None, raw, None, []), None
        elif type(document) is not dict:
            yield number, None, "not a JSON object, so it has no fields"
        elif with_fields:
            try:
                key, timestamp, headers = from_document(document, params)
            except BadLine as bad:
                yield number, None, str(bad)
            else:
                if good_ones:
                    yield number, (key, raw, timestamp, headers), None
        else:  # the key alone, the common case
            key = document.get(key_field, _MISSING)
            if key is _MISSING:
                try:
                    key = field_of(document, key_field)
                except BadLine as bad:
                    yield number, None, str(bad)
                    continue
            if good_ones:
                yield number, (key.encode() if type(key) is str else as_bytes(key), raw, None, []), None


def _not_json(raw, error):
    if not raw.strip():
        return "empty line"
    if str(error).startswith("str is not valid UTF-8"):
        return "not valid UTF-8"
    return f"not JSON: {error}"


def _csv_records(numbered, params):
    current = {"number": 0}
    undecodable = {}

    def lines():
        for number, raw in numbered:
            current["number"] = number
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                undecodable[number] = True
                yield "\n"

    reader = csv.reader(lines())
    header = None
    for row in reader:
        number = current["number"]
        if undecodable.pop(number, False):
            yield number, None, "not valid UTF-8"
            continue
        if header is None:
            header = row
            missing = [name for name in (params["key_field"], params["timestamp_field"], *params["header_fields"])
                       if name and name not in header]
            if missing:
                yield number, None, f"the header row has no column {missing[0]!r}"
                return
            continue
        if not row:
            yield number, None, "empty line"
            continue
        if len(row) != len(header):
            yield number, None, f"{len(row)} fields where the header row has {len(header)}"
            continue
        document = dict(zip(header, row))
        try:
            key, timestamp, headers = from_document(document, params)
        except BadLine as bad:
            yield number, None, str(bad)
            continue
        yield number, (key, json.dumps(document, ensure_ascii=False).encode(), timestamp, headers), None


def count_lines(path):
    lines, last = 0, b"\n"
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")


# --- counting what reached Kafka across a resume -----------------------------------------------------

def topic_ends(cluster, topic):
    """{partition (as text, as JSON keeps it): log-end offset}."""
    partitions = kafka_clients.topic_partitions(cluster, topic)
    return {str(p): offset for p, offset in offset_lookups.admin_ends(cluster, topic, partitions).items()}


def written_since(saved_ends, ends):
    """How many records the topic gained since `saved_ends` (a partition added since then counts from 0)."""
    return sum(max(0, offset - saved_ends.get(partition, 0)) for partition, offset in ends.items())


def result(produced, repeats, bad):
    return {"produced": produced, "possible_repeats": repeats, "bad_line_count": len(bad), "bad_lines": bad}


# --- the job ----------------------------------------------------------------------------------------

def run(cluster, job):
    params = job.params
    path = params["path"]
    total = count_lines(path) - (1 if params["format"] == CSV else 0)
    limit = settings.INGEST_MAX_BAD_LINES
    if params["on_bad_line"] == FAIL:
        for number, _record, reason in records(path, params, good_ones=False):
            if reason:
                raise InvalidRequest(f"line {number}: {reason}", field="file")
    checkpoint = job.checkpoint or {}
    resume_after = checkpoint.get("line", 0)
    produced = checkpoint.get("produced", 0)
    repeats = checkpoint.get("possible_repeats", 0)
    bad = checkpoint.get("bad_lines", [])
    done = checkpoint.get("done", 0)
    job.report(done, max(total, 0), force=True)
    ensure_topic(cluster, job)
    ends = topic_ends(cluster, params["topic"])
    if "ends" in checkpoint:
        # An earlier run (its worker killed) wrote records after its last checkpoint. They are in the
        # topic, and this run sends them again from that checkpoint's line: count them, as repeats.
        # A writer other than this job at the same time counts too, hence "possible".
        tail = written_since(checkpoint["ends"], ends)
        produced += tail
        repeats += tail
    job.save_checkpoint({"line": resume_after, "produced": produced, "possible_repeats": repeats,
                         "bad_lines": bad, "done": done, "ends": ends})
    producer = kafka_bulk.BulkProducer(cluster)
    pace = Pace(params.get("rate"), already_done=done)
    next_checkpoint = time.monotonic() + settings.JOB_CHECKPOINT_INTERVAL_S
    topic, send = params["topic"], producer.send
    try:
        for number, record, reason in records(path, params):
            if number <= resume_after:
                continue
            done += 1
            if reason:
                bad.append({"line": number, "reason": reason})
                if len(bad) > limit:
                    raise InvalidRequest(f"more than {limit} bad lines (the last at line {number}: {reason}); "
                                         "is the format right?", field="file")
            else:
                key, value, timestamp, headers = record
                send(topic, key, value, headers, timestamp)
                produced += 1
            if done % 1000 == 0:
                producer.check()
                job.report(done)
                check_cancel(job)
                pace.wait(done, job)
                if time.monotonic() >= next_checkpoint:
                    next_checkpoint = time.monotonic() + settings.JOB_CHECKPOINT_INTERVAL_S
                    producer.flush(timeout_s=60)
                    job.save_checkpoint({"line": number, "produced": produced, "possible_repeats": repeats,
                                         "bad_lines": bad, "done": done, "ends": topic_ends(cluster, params["topic"])})
            elif pace.rate:
                pace.wait(done, job)
        producer.flush(timeout_s=60)
    except Cancelled:
        producer.flush(timeout_s=60)
        job.result = result(produced, repeats, bad)
        raise
    finally:
        producer.close()
    job.report(done, done, force=True)
    return result(produced, repeats, bad)
