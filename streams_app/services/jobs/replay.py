"""Replay a range of one topic into another, exactly once (the Kappa architecture's reprocessing).

The range is fixed when the job first runs and kept in its checkpoint, so "latest" means the
end as it was at the start, also for a resumed run. Each batch is one Kafka transaction: the
copied records and the next source offsets of the job's own group (`strom-replay-<id>`,
committed on the target cluster) commit together or not at all. A run that starts again, after
a crash or on another worker, fences the old producer, reads the group's offsets and carries on
from there, so nothing is lost and nothing is doubled for readers with read_committed.
"""
import logging
import time

from django.conf import settings

from streams_app.services import offset_lookups, positions
from streams_app.services.filters import MessageFilter
from streams_app.services.jobs import topic_creation
from streams_app.services.jobs.common import Pace, check_cancel, rate_param, topic_param
from streams_app.services.positions import EARLIEST, LATEST, OFFSET, TIMESTAMP, Seek
from topics_app import errors, kafka_clients
from topics_app.errors import InvalidRequest
from topics_app.kafka_clients import OffsetAndMetadata, TopicPartition
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

def _written_in(meta):
    """Records written so far for a partition, kept in the committed offset's metadata."""
    try:
        return int((meta.metadata or "").removeprefix("written="))
    except ValueError:
        return 0


def run(cluster, job):
    params = job.params
    target_cluster = Cluster.objects.get(name=params["target_cluster"])
    source = params["source_topic"]
    consumer = kafka_clients.new_consumer(
        cluster, isolation_level="read_committed", auto_offset_reset="earliest",
        max_poll_records=settings.REPLAY_BATCH_RECORDS, max_partition_fetch_bytes=8 * 1024 * 1024,
        fetch_max_bytes=64 * 1024 * 1024, receive_buffer_bytes=4 * 1024 * 1024,
    )
    copy = None
    try:
        checkpoint = dict(job.checkpoint or {})
        if "ranges" not in checkpoint:
            target_partitions = _ensure_target(cluster, target_cluster, job)
            checkpoint = {"ranges": plan_ranges(cluster, consumer, params), "target_partitions": target_partitions,
                          "source_partitions": len(kafka_clients.topic_partitions(cluster, source))}
            job.save_checkpoint(checkpoint)
        copy = _Copy(cluster, target_cluster, job, consumer, checkpoint)
        for restart in range(RESTARTS + 1):
            try:
                copy.resume()
                copy.run()
                break
            except errors.ClusterUnreachable:
                # A node died under the copy (a stalled transactional step is one way to see it). A new producer
                # fences the old one and aborts its open transaction, and the copy goes on from the offsets the
                # last committed transaction recorded: nothing lost, nothing doubled.
                if restart == RESTARTS:
                    raise
                log.warning("Replay job %s: Kafka stopped answering; starting again from the committed offsets "
                            "with a new producer", job.pk)
                copy.close_producer(timeout=0)
                time.sleep(RESTART_BACKOFF_S * (restart + 1))
        return copy.result()
    finally:
        consumer.close(autocommit=False)
        if copy is not None:
            copy.close_producer(timeout=5)


# How long one transactional step (init, send offsets, commit) may take; how often, and how far apart, a copy
# that lost Kafka starts again (a leader's death is over once the controller has fenced it, in seconds).
STEP_TIMEOUT_S = 60
RESTARTS = 3
RESTART_BACKOFF_S = 5


class _Copy:
    """The copying part of a run: a transactional producer on the target and the positions it resumes from."""

    def __init__(self, cluster, target_cluster, job, consumer, checkpoint):
        self.cluster, self.target_cluster, self.job, self.consumer = cluster, target_cluster, job, consumer
        self.params = job.params
        self.ranges = {int(p): tuple(r) for p, r in checkpoint["ranges"].items()}
        self.same_partitions = checkpoint["target_partitions"] == checkpoint["source_partitions"]
        self.checkpoint = checkpoint
        self.group = group_id(job)
        self.tps = {p: TopicPartition(self.params["source_topic"], p) for p in self.ranges}
        self.total = sum(end - start for start, end in self.ranges.values())
        self.producer = None

    def _step(self, operation):
        return kafka_clients.call_within(self.target_cluster, operation, STEP_TIMEOUT_S)

    def resume(self):
        """A new transactional producer (fencing any earlier one), and the positions of the last commit."""
        self.producer = kafka_clients.producer(
            self.target_cluster, transactional_id=self.group, linger_ms=20, batch_size=262144, max_block_ms=60000,
            request_timeout_ms=30000, max_in_flight_requests_per_connection=5)
        # Fences a producer left by a killed run and aborts its open transaction.
        self._step(self.producer.init_transactions)
        committed = kafka_clients.committed_offsets(self.target_cluster, self.group, self.tps.values())
        self.positions, self.written = {}, {}
        for p, (start, end) in self.ranges.items():
            meta = committed.get(self.tps[p])
            self.positions[p] = max(start, min(meta.offset, end)) if meta else start
            self.written[p] = _written_in(meta) if meta else 0
        self.active = [p for p in self.ranges if self.positions[p] < self.ranges[p][1]]
        kafka_clients.call(self.cluster, lambda: self.consumer.assign([self.tps[p] for p in self.active]))
        for p in self.active:
            self.consumer.seek(self.tps[p], self.positions[p])
        self.job.report(self.done(), self.total, force=True)

    def done(self):
        return sum(self.positions[p] - self.ranges[p][0] for p in self.ranges)

    def run(self):
        job, producer, tps, positions = self.job, self.producer, self.tps, self.positions
        message_filter = MessageFilter(**(self.params.get("filter") or {}))
        rate = self.params.get("rate")
        batch_size = min(settings.REPLAY_BATCH_RECORDS, rate) if rate else settings.REPLAY_BATCH_RECORDS
        pace = Pace(rate, already_done=self.done())
        last_move = time.monotonic()
        target = self.params["target_topic"]
        while self.active:
            check_cancel(job)
            batch, moved = _read_batch(self.cluster, self.consumer, tps, self.active, positions, self.ranges,
                                       batch_size)
            if not moved:
                if time.monotonic() - last_move > settings.REPLAY_STALL_S:
                    raise InvalidRequest(f"The source stopped advancing for {settings.REPLAY_STALL_S} s before the "
                                         "end of the range (an open transaction on it, or records deleted).")
                continue
            last_move = time.monotonic()
            failures = []
            kafka_clients.call(self.target_cluster, producer.begin_transaction)
            for record in batch:
                if not message_filter.matches(record.key, record.value, record.headers):
                    continue
                producer.send(target, key=record.key, value=record.value, headers=list(record.headers or []),
                              timestamp_ms=record.timestamp,
                              partition=record.partition if self.same_partitions else None).add_errback(failures.append)
                self.written[record.partition] += 1
            offsets = {tps[p]: OffsetAndMetadata(positions[p], f"written={self.written[p]}", -1) for p in moved}
            self._step(lambda: producer.send_offsets_to_transaction(offsets, self.group))
            self._step(producer.commit_transaction)
            if failures:
                raise kafka_clients.translate(failures[0], self.target_cluster)
            finished = [p for p in self.active if positions[p] >= self.ranges[p][1]]
            if finished:
                self.consumer.pause(*[tps[p] for p in finished])
                self.active = [p for p in self.active if p not in finished]
            job.report(self.done())
            pace.wait(self.done(), job)
        job.report(self.done(), self.total, force=True)

    def result(self):
        written = sum(self.written.values())
        return {"read": self.done(), "written": written, "filtered_out": self.done() - written,
                "group": self.group, "ranges": self.checkpoint["ranges"]}

    def close_producer(self, timeout):
        producer, self.producer = self.producer, None
        if producer is None:
            return
        try:
            kafka_clients.call_within(self.target_cluster, lambda: producer.close(timeout=timeout), timeout + 5)
        except errors.ServiceError as error:
            # Best effort: the next producer fences this one whatever state it is in.
            log.warning("Replay job %s: its old producer did not close (%s); it is fenced and left behind",
                        self.job.pk, error)


def _read_batch(cluster, consumer, tps, active, positions, ranges, batch_size):
    """Records inside the range, up to about `batch_size`, and the partitions whose position moved."""
    batch, moved = [], set()
    deadline = time.monotonic() + 1.0
    while len(batch) < batch_size and time.monotonic() < deadline:
        polled = kafka_clients.call(cluster, lambda: consumer.poll(timeout_ms=200, max_records=batch_size - len(batch)))
        for tp, records in polled.items():
            end = ranges[tp.partition][1]
            batch.extend(r for r in records if r.offset < end)
        progressed = False
        for p in active:
            # The fetch position also steps over transaction markers, which carry no record.
            position = min(kafka_clients.call(cluster, lambda: consumer.position(tps[p])), ranges[p][1])
            if position != positions[p]:
                positions[p] = position
                moved.add(p)
                progressed = True
        if not progressed or all(positions[p] >= ranges[p][1] for p in active):
            break
    return batch, moved
