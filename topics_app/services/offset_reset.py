"""Resetting a consumer group's committed offsets: plan first (a dry run), then apply the plan.

Offsets are clamped to each partition's [earliest, log end], as Kafka's own tool does. A
timestamp after the last record lands on the log end. Nothing is written when any input is
wrong or the group is active. A shift over all partitions leaves out those without a committed
offset and says so. The arithmetic is `plan_rows` and `plan_all`, which need no Kafka.
"""
from dataclasses import dataclass, field

from topics_app import kafka_clients
from topics_app.errors import InvalidRequest
from topics_app.kafka_clients import OffsetAndMetadata, OffsetSpec, TopicPartition
from topics_app.models import AuditEntry
from topics_app.services.groups import existing_partitions, require_inactive
from topics_app.timestamps import OutOfRange, epoch_millis

RESET_TARGETS = ("earliest", "latest", "timestamp", "offset", "shift")
NO_COMMITTED_OFFSET = "no committed offset to shift from"


@dataclass
class Skipped:
    """A partition a reset over all partitions left out, and why."""
    partition: int
    reason: str


@dataclass
class ResetRow:
    partition: int
    current: int | None
    new: int
    earliest: int
    log_end: int
    clamped: bool


@dataclass
class ResetPlan:
    group_id: str
    topic: str
    to: str
    value: object
    dry_run: bool
    rows: list[ResetRow]
    applied: bool = False
    skipped: list[Skipped] = field(default_factory=list)

    def moves(self):
        """{partition: [old, new]} for the audit log."""
        return {str(r.partition): [r.current, r.new] for r in self.rows}


def validated_value(to, value):
    """The value a reset `to` needs, as a number (ms since the epoch for a timestamp); None for earliest/latest."""
    if to not in RESET_TARGETS:
        raise InvalidRequest(f"'to' must be one of {', '.join(RESET_TARGETS)}.", field="to")
    if to in ("earliest", "latest"):
        return None
    if value is None or value == "":
        raise InvalidRequest(f"A value is required when resetting to {to}.", field="value")
    if to == "timestamp":
        try:
            stamp = epoch_millis(value)
        except OutOfRange as error:
            raise InvalidRequest(str(error), field="value") from None
        except (ValueError, OverflowError):
            raise InvalidRequest("The timestamp must be milliseconds since the epoch or an ISO 8601 "
                                 "date-time such as 2024-05-01T12:00:00Z.", field="value") from None
        if stamp < 0:
            raise InvalidRequest("The timestamp cannot be before 1970.", field="value")
        return stamp
    try:
        number = int(str(value).strip()) if not isinstance(value, bool) else None
    except ValueError:
        number = None
    if number is None:
        raise InvalidRequest(f"The value must be a whole number for {to}.", field="value")
    if to == "offset" and number < 0:
        raise InvalidRequest("An offset cannot be negative.", field="value")
    return number


def plan_rows(to, value, committed, earliest, latest, by_time=None):
    """One ResetRow per partition of `earliest`, in partition order.

    committed: {partition: the group's committed offset, or None}; earliest and latest: {partition:
    offset}; by_time: {partition: Kafka's offsets-for-times answer, None or -1 when no record is that
    late}, needed for to="timestamp". `value` is already validated (see `validated_value`).
    """
    rows = []
    for partition in sorted(earliest):
        low, high = earliest[partition], latest[partition]
        current = committed.get(partition)
        if to == "earliest":
            wanted = low
        elif to == "latest":
            wanted = high
        elif to == "timestamp":
            found = by_time.get(partition)
            wanted = high if found is None or found < 0 else found
        elif to == "offset":
            wanted = value
        else:
            if current is None:
                raise InvalidRequest(f"Partition {partition} has no committed offset to shift from; "
                                     f"reset it to earliest, latest, a timestamp or an offset instead.",
                                     field="partitions")
            wanted = current + value
        new = min(max(wanted, low), high)
        rows.append(ResetRow(partition=partition, current=current, new=new, earliest=low, log_end=high,
                             clamped=new != wanted))
    return rows


def plan_all(to, value, committed, earliest, latest, by_time=None):
    """(rows, skipped) for a reset of every partition: a shift leaves out the partitions with no committed
    offset instead of refusing them all; it is refused only when no partition has one."""
    skipped = []
    if to == "shift":
        skipped = [Skipped(p, NO_COMMITTED_OFFSET) for p in sorted(earliest) if committed.get(p) is None]
    if skipped and len(skipped) == len(earliest):
        raise InvalidRequest("No partition of this topic has a committed offset to shift from; reset to earliest, "
                             "latest, a timestamp or an offset instead.", field="partitions")
    left_out = {s.partition for s in skipped}
    kept = [p for p in earliest if p not in left_out]
    rows = plan_rows(to, value, committed, {p: earliest[p] for p in kept}, {p: latest[p] for p in kept}, by_time)
    return rows, skipped


def _checked_request(topic, partitions):
    if not topic:
        raise InvalidRequest("Choose a topic.", field="topic")
    if partitions is None:
        return None
    if not isinstance(partitions, (list, tuple)) or not all(
            isinstance(p, int) and not isinstance(p, bool) for p in partitions):
        raise InvalidRequest("Partitions must be a list of partition numbers, or empty for all.", field="partitions")
    return sorted(set(partitions)) or None


def _plan(cluster, group_id, topic, partitions, to, value, apply):
    value = validated_value(to, value)
    partitions = _checked_request(topic, partitions)

    def compute(admin):
        require_inactive(admin, group_id, "reset the offsets of")
        existing = existing_partitions(admin, {topic}).get(topic)
        if existing is None:
            raise InvalidRequest(f"No topic named {topic!r}.", field="topic")
        chosen = partitions if partitions is not None else sorted(existing)
        missing = [p for p in chosen if p not in existing]
        if missing:
            raise InvalidRequest(f"Topic {topic!r} has no partition {', '.join(map(str, missing))} "
                                 f"(it has 0–{max(existing)}).", field="partitions")
        tps = [TopicPartition(topic, p) for p in chosen]
        committed = admin.list_group_offsets({group_id: tps}).get(group_id, {})
        earliest = admin.list_partition_offsets({tp: OffsetSpec.EARLIEST for tp in tps})
        latest = admin.list_partition_offsets({tp: OffsetSpec.LATEST for tp in tps})
        by_time = admin.list_partition_offsets({tp: value for tp in tps}) if to == "timestamp" else {}
        offsets = dict(
            committed={tp.partition: meta.offset if meta is not None and meta.offset >= 0 else None
                       for tp, meta in committed.items()},
            earliest={tp.partition: found.offset for tp, found in earliest.items()},
            latest={tp.partition: found.offset for tp, found in latest.items()},
            by_time={tp.partition: found.offset for tp, found in by_time.items()},
        )
        # Partitions the person named are all planned (a shift without a committed offset is refused);
        # "all partitions" plans those it can and lists the rest.
        if partitions is None:
            rows, skipped = plan_all(to, value, **offsets)
        else:
            rows, skipped = plan_rows(to, value, **offsets), []
        if apply:
            results = admin.alter_group_offsets(
                group_id, {TopicPartition(topic, r.partition): OffsetAndMetadata(r.new, "", -1) for r in rows})
            for error in results.values():
                if not kafka_clients.is_no_error(error):
                    raise kafka_clients.error_for_code(error, cluster)
        return rows, skipped

    rows, skipped = kafka_clients.run_admin(cluster, compute)
    return ResetPlan(group_id=group_id, topic=topic, to=to, value=value, dry_run=not apply, rows=rows,
                     applied=apply, skipped=skipped)


def plan(cluster, group_id, topic, partitions, to, value):
    """Work out partition → current → new for a reset, changing nothing (a dry run)."""
    return _plan(cluster, group_id, topic, partitions, to, value, apply=False)


def apply(cluster, group_id, topic, partitions, to, value, *, actor):
    """Plan a reset and commit the new offsets; audited with the request and every partition's move."""
    details = {"topic": topic, "partitions": partitions, "to": to, "value": value}
    with AuditEntry.track(actor, "reset_offsets", cluster=cluster, target=group_id, details=details):
        applied = _plan(cluster, group_id, topic, partitions, to, value, apply=True)
        details.update(value=applied.value, offsets=applied.moves())
        if applied.skipped:
            details["skipped"] = {str(s.partition): s.reason for s in applied.skipped}
    return applied
