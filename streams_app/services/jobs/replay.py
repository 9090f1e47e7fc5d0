"""Replay a range of one topic into another, exactly once (the Kappa architecture's reprocessing).

The range is fixed when the job first runs and kept in its checkpoint, so "latest" means the
end as it was at the start, also for a resumed run. Each batch is one Kafka transaction: the
copied records and the next source offsets of the job's own group (`strom-replay-<id>`,
committed on the target cluster) commit together or not at all. A run that starts again, after
a crash or on another worker, fences the old producer, reads the group's offsets and carries on
from there, so nothing is lost and nothing is doubled for readers with read_committed.
"""
import logging
import math

from django.conf import settings

from streams_app.services import offset_lookups, positions
from streams_app.services.filters import MessageFilter
from streams_app.services.jobs import replay_copy, topic_creation
from streams_app.services.jobs.common import optional_int, rate_param, topic_param
from streams_app.services.positions import EARLIEST, LATEST, OFFSET, TIMESTAMP, Seek
from topics_app import errors, kafka_clients
from topics_app.errors import InvalidRequest
from topics_app.models import Cluster
from topics_app.timestamps import epoch_millis

log = logging.getLogger(__name__)

START_TYPES = (EARLIEST, OFFSET, TIMESTAMP)
END_TYPES = (LATEST, OFFSET, TIMESTAMP)
FILTER_FIELDS = ("key", "key_contains", "contains", "header_key", "header_value", "json_path", "json_value")


def group_id(job):
    return f"strom-replay-{job.pk}"


# --- the request ----------------------------------------------------------------------------------

def _millis(raw, field):
    try:
        millis = epoch_millis(raw)
    except (ValueError, OverflowError):
        millis = -1
    if millis < 0 or raw is None or isinstance(raw, float):
        raise InvalidRequest(f"{field}.value must be milliseconds since 1970 or an ISO 8601 date-time.",
                             field=f"{field}.value")
    return millis


def _offsets(raw, field):
    """An offset for every partition (a number) or per partition ({partition: offset})."""
    def whole(value):
        if isinstance(value, bool):
            raise ValueError
        number = int(value)
        if number < 0 or str(value).strip() != str(number):
            raise ValueError
        return number

    try:
        if isinstance(raw, dict):
            if not raw:
                raise ValueError
            return {str(whole(p)): whole(o) for p, o in raw.items()}
        return whole(raw)
    except (TypeError, ValueError):
        raise InvalidRequest(f"{field}.value must be an offset, or {{partition: offset}} with whole numbers "
                             "of at least 0.", field=f"{field}.value") from None


def _bound(params, field, types, default):
    raw = params.get(field) or {"type": default}
    if not isinstance(raw, dict) or raw.get("type") not in types:
        raise InvalidRequest(f"{field}.type must be one of {', '.join(types)}.", field=f"{field}.type")
    kind = raw["type"]
    if kind == OFFSET:
        return {"type": kind, "value": _offsets(raw.get("value"), field)}
    if kind == TIMESTAMP:
        return {"type": kind, "value": _millis(raw.get("value"), field)}
    return {"type": kind}


def clean_params(cluster, params):
    source = topic_param(params, "source_topic")
    target_name = params.get("target_cluster") or cluster.name
    target_cluster = Cluster.objects.filter(name=target_name).first()
    if target_cluster is None:
        raise InvalidRequest(f"No cluster named {target_name!r}.", field="target_cluster")
    target = topic_param(params, "target_topic")
    if target == source and target_cluster == cluster:
        raise InvalidRequest("target_topic must differ from source_topic: a topic cannot replay into itself.",
                             field="target_topic")
    start = _bound(params, "start", START_TYPES, EARLIEST)
    end = _bound(params, "end", END_TYPES, LATEST)
    existing = kafka_clients.topic_partitions(cluster, source)
    partitions = params.get("partitions")
    if partitions in (None, "", []):
        partitions = sorted(int(p) for p in start["value"]) if isinstance(start.get("value"), dict) else None
    elif not isinstance(partitions, list) or not all(isinstance(p, int) and not isinstance(p, bool)
                                                     for p in partitions):
        raise InvalidRequest("partitions must be a list of partition numbers, or null for all.", field="partitions")
    if partitions is not None:
        unknown = sorted(set(partitions) - set(existing))
        if unknown:
            raise InvalidRequest(f"{source} has no partition {unknown[0]} (it has {len(existing)}).",
                                 field="partitions")
        partitions = sorted(set(partitions))
    chosen = partitions if partitions is not None else existing
    for bound in (start, end):
        value = bound.get("value")
        if isinstance(value, dict) and not {str(p) for p in chosen} <= set(value):
            field = "start" if bound is start else "end"
            raise InvalidRequest(f"{field}.value names no offset for some chosen partitions; give one for each.",
                                 field=f"{field}.value")
    create_target = params.get("create_target") in (True, "true", "on", "1", 1)
    try:
        kafka_clients.topic_partitions(target_cluster, target)
    except errors.NotFound:
        if not create_target:
            raise InvalidRequest(f"No topic {target!r} in cluster {target_cluster.name}; "
                                 "tick create_target to create it.", field="target_topic") from None
    message_filter = params.get("filter") or {}
    if not isinstance(message_filter, dict) or set(message_filter) - set(FILTER_FIELDS):
        raise InvalidRequest(f"filter must be an object with some of {', '.join(FILTER_FIELDS)}.", field="filter")
    message_filter = {name: str(value) for name, value in message_filter.items() if value not in (None, "")}
    try:
        MessageFilter(**message_filter)
    except InvalidRequest as error:
        raise InvalidRequest(error.message, field=f"filter.{error.field}") from None
    return {
        "source_topic": source, "partitions": partitions, "start": start, "end": end,
        "target_cluster": target_cluster.name, "target_topic": target, "create_target": create_target,
        "filter": message_filter or None, "rate": rate_param(params),
        "parts": optional_int(params, "parts", minimum=1, maximum=len(chosen)) or 1,
    }


# --- fixing the range at the first run --------------------------------------------------------------

def _seek(bound):
    """The Seek a stored start or end bound names (per-partition offsets are kept under string keys)."""
    value = bound.get("value")
    if isinstance(value, dict):
        value = {int(p): offset for p, offset in value.items()}
    return Seek(bound["type"], value)


def plan_ranges(cluster, consumer, params):
    """{partition: [start, end)} in the source, with the end as it is now; clamped to what the log holds."""
    topic = params["source_topic"]
    partitions = params["partitions"] or kafka_clients.topic_partitions(cluster, topic)
    bounds = offset_lookups.consumer_bounds(cluster, consumer, topic, partitions)
    starts = offset_lookups.seek_by_consumer(cluster, consumer, topic, bounds, _seek(params["start"]))
    stops = offset_lookups.seek_by_consumer(cluster, consumer, topic, bounds, _seek(params["end"]))
    return {str(p): list(span) for p, span in positions.ranges(starts, stops, bounds).items()}


def _ensure_target(cluster, target_cluster, job):
    """The target's partition count, creating it with the source's count when asked."""
    params = job.params
    try:
        return len(kafka_clients.topic_partitions(target_cluster, params["target_topic"]))
    except errors.NotFound:
        if not params["create_target"]:
            raise
    count = len(kafka_clients.topic_partitions(cluster, params["source_topic"]))
    topic_creation.create(job, target_cluster, params["target_topic"], count, settings.REPLAY_REPLICATION_FACTOR)
    return len(kafka_clients.topic_partitions(target_cluster, params["target_topic"]))


# --- the job ------------------------------------------------------------------------------------------

def run(cluster, job):
    ranges, group = _checkpoint(cluster, job)["ranges"], group_id(job)
    return replay_copy.copy_exactly_once(cluster, job, job, ranges, group, group, job.params.get("rate"))


def shares(cluster, job):
    """The source partitions of each part, for a replay split into parts; None for one that runs whole."""
    count = job.params.get("parts") or 1
    if count == 1:
        return None
    ranges = _checkpoint(cluster, job)["ranges"]
    job.report(job.done, sum(end - start for start, end in ranges.values()), force=True)
    partitions = sorted(int(p) for p in ranges)
    return [partitions[i::count] for i in range(count)]


def run_part(cluster, job, part):
    """Copy the part's partitions with a transactional producer of the part's own, whose transactions commit
    their offsets to the job's group: the parts' partitions are disjoint, so they share it."""
    ranges = {p: span for p, span in job.checkpoint["ranges"].items() if int(p) in part.partitions}
    rate = job.params.get("rate")  # the job's, shared by its parts
    return replay_copy.copy_exactly_once(cluster, job, part, ranges, group_id(job), f"{group_id(job)}-{part.index}",
                                         rate and math.ceil(rate / job.params["parts"]))


def combine(job, parts):
    """The result of a replay split into parts, as one run would have given it."""
    read, written = (sum(part.result.get(name, 0) for part in parts) for name in ("read", "written"))
    return {"read": read, "written": written, "filtered_out": read - written, "group": group_id(job),
            "ranges": job.checkpoint["ranges"]}


def _checkpoint(cluster, job):
    """The job's range, fixed at its first run."""
    if "ranges" not in (job.checkpoint or {}):
        job.save_checkpoint(_plan(cluster, Cluster.objects.get(name=job.params["target_cluster"]), job))
    return job.checkpoint


def _plan(cluster, target_cluster, job):
    """The checkpoint of a first run: the range of each partition and the partition counts."""
    params = job.params
    consumer = kafka_clients.new_consumer(cluster, isolation_level="read_committed")
    try:
        target_partitions = _ensure_target(cluster, target_cluster, job)
        return {"ranges": plan_ranges(cluster, consumer, params), "target_partitions": target_partitions,
                "source_partitions": len(kafka_clients.topic_partitions(cluster, params["source_topic"]))}
    finally:
        consumer.close(autocommit=False)
