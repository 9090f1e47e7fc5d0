"""How a job's parameters and a schedule's next run read on the job pages. Pure: no Kafka, no database."""
from datetime import timedelta
from pathlib import PurePath

from celery.schedules import crontab as celery_crontab

LABELS = {
    "topic": "Topic", "source_topic": "Source topic", "target_cluster": "Target cluster",
    "target_topic": "Target topic", "create_target": "Create the target", "create_topic": "Create the topic",
    "partitions": "Partitions", "start": "Start", "end": "End", "filter": "Filter", "rate": "Rate",
    "format": "Format", "file_name": "File", "path": "Server path", "key_field": "Key field",
    "timestamp_field": "Timestamp field", "header_fields": "Header fields", "on_bad_line": "A bad line",
    "count": "Records", "duration_s": "Duration", "topic_partitions": "Partitions of a created topic",
    "parts": "Parts, each run by a worker of its own",
}
# Parameters that say where a file lies on the server.
SERVER_PATHS = ("path",)
ON_BAD_LINE = {"fail": "fails the job (nothing is produced)", "skip": "is skipped and listed"}


def _bound(bound):
    if not isinstance(bound, dict):
        return str(bound)
    kind, value = bound.get("type"), bound.get("value")
    if value in (None, ""):
        return str(kind)
    if isinstance(value, dict):
        value = ", ".join(f"partition {p}: {v}" for p, v in value.items())
    return f"{kind} {value}"


def _text(name, value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    if name == "partitions":
        return ", ".join(map(str, value)) if value else "all"
    if name in ("start", "end"):
        return _bound(value)
    if name == "filter":
        return ", ".join(f"{k} = {v}" for k, v in value.items())
    if name == "rate":
        return f"{value:,} records/s"
    if name == "duration_s":
        return f"{value:,} s"
    if name == "on_bad_line":
        return ON_BAD_LINE.get(value, value)
    if name == "header_fields":
        return ", ".join(value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def visible_params(params, show_paths=False):
    """The parameters as the API shows them: where a file lies on the server only for those allowed to see
    it (admins); the others see its name (`file_name`)."""
    return {name: value for name, value in params.items() if show_paths or name not in SERVER_PATHS}


def visible_error(params, error, show_paths=False):
    """A job's error with its file's server path replaced by the file's name for those who may not see paths."""
    path = params.get("path")
    if show_paths or not path or not error:
        return error
    return error.replace(path, params.get("file_name") or PurePath(path).name)


def readable_params(params, show_paths=False):
    """[(label, text)] for the parameters that were given; a server path only for those allowed to see it."""
    rows = []
    for name, value in visible_params(params, show_paths).items():
        if value in (None, "", [], {}) and name not in ("partitions", "rate"):
            continue
        if name == "rate" and value is None:
            rows.append((LABELS["rate"], "as fast as it goes"))
            continue
        if name == "partitions" and value in (None, []) and "source_topic" not in params:
            continue
        rows.append((LABELS.get(name, name.replace("_", " ").capitalize()), _text(name, value)))
    return rows


def next_run(every_s, crontab, last_run_at, now):
    """When a schedule runs next: an interval counts from its last run (or from now, before the first);
    a crontab is asked for its next matching minute."""
    if every_s:
        due = (last_run_at or now) + timedelta(seconds=every_s)
        return max(due, now)
    minute, hour, day_of_month, month, day_of_week = crontab.split()
    schedule = celery_crontab(minute, hour, day_of_week, day_of_month, month, nowfun=lambda: now)
    return now + schedule.remaining_estimate(last_run_at or now)

