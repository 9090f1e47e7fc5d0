"""Consumer groups: members, committed offsets, lag, time lag and delete (resets: `offset_reset`).

Lag is the log-end offset minus the committed offset, as `kafka-consumer-groups --describe`
computes it. A partition without a committed offset has no lag (None), never a guessed one.
"""
import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field

from topics_app import kafka_admin, kafka_clients, kafka_group_protocol, kafka_transactions
from topics_app.errors import Conflict, NotFound, ServiceError
from topics_app.kafka_clients import OffsetSpec, TopicPartition
from topics_app.models import AuditEntry

log = logging.getLogger(__name__)

# Kafka refuses offset changes unless the group has no members; these are the states without any.
INACTIVE_STATES = {"Empty", "Dead"}


@dataclass
class GroupSummary:
    group_id: str
    state: str
    protocol_type: str
    group_type: str
    members: int
    topics: list[str]
    lag: int | None
    """Sum over partitions with a committed offset; None when the group has committed none."""
    topic_lags: dict[str, int] = field(default_factory=dict)
    topic_committed: dict[str, int] = field(default_factory=dict)
    """Sum of committed offsets per topic, over the partitions that have one: its growth is what was consumed."""


@dataclass
class Assignment:
    topic: str
    partition: int


@dataclass
class Member:
    member_id: str
    client_id: str
    host: str
    group_instance_id: str | None
    assigned: list[Assignment]
    member_epoch: int | None = None
    """A consumer-protocol (KIP-848) member's epoch; None in a classic group."""
    target_assigned: list[Assignment] | None = None
    """The partitions the coordinator is moving a consumer-protocol member to; None in a classic group."""


@dataclass
class PartitionOffset:
    topic: str
    partition: int
    committed: int | None
    log_end: int
    lag: int | None
    member: str | None
    client_id: str | None
    host: str | None
    time_lag_ms: int | None = None
    """Age of the oldest record the group has not consumed yet; None if unknown or not lagging."""
    uncommitted: int | None = None
    """Log end − last stable offset: records a read_committed consumer cannot read yet, since a transaction
    still open holds them (None if unknown)."""


@dataclass
class GroupDetail:
    group_id: str
    state: str
    protocol_type: str
    protocol: str
    group_type: str
    members: list[Member]
    offsets: list[PartitionOffset]
    lag: int | None
    max_time_lag_ms: int | None
    group_epoch: int | None = None
    """Consumer-protocol groups only: bumped at each change of members or subscriptions."""
    assignment_epoch: int | None = None
    """Consumer-protocol groups only: the group epoch the target assignment was computed for."""

    @property
    def is_active(self):
        return self.state not in INACTIVE_STATES or bool(self.members)

    @property
    def blocked_reason(self):
        """Why offsets cannot be reset nor the group deleted right now, or None."""
        if not self.is_active:
            return None
        return (f"The group is {self.state} with {len(self.members)} active member(s). Kafka changes offsets "
                f"and deletes groups only when they are empty: stop the consumers first.")

    @property
    def topics(self):
        return sorted({row.topic for row in self.offsets})


def lag_of(committed, log_end):
    """Never negative: a committed offset past the log end (after a truncation) is no lag."""
    if committed is None or committed < 0 or log_end is None:
        return None
    return max(0, log_end - committed)


# ---------------------------------------------------------------- reading


def existing_partitions(admin, topics):
    """{topic: set(partitions)} for the topics that exist; committed offsets can outlive their topic."""
    if not topics:
        return {}
    described = admin.describe_topics(sorted(topics))
    return {t["name"]: {p["partition_index"] for p in t["partitions"]} for t in described if not t["error_code"]}


def _log_ends(admin, partitions):
    existing = existing_partitions(admin, {tp.topic for tp in partitions})
    live = [tp for tp in partitions if tp.partition in existing.get(tp.topic, ())]
    if not live:
        return {}
    return {tp: found.offset for tp, found in admin.list_partition_offsets(
        {tp: OffsetSpec.LATEST for tp in live}).items()}


def _assignments(description):
    """{TopicPartition: member dict} from a describe_groups entry."""
    owners = {}
    for member in description.get("members") or []:
        assignment = member.get("member_assignment")
        if not isinstance(assignment, dict):
            continue
        for item in assignment.get("assigned_partitions") or []:
            for partition in item["partitions"]:
                owners[TopicPartition(item["topic"], partition)] = member
    return owners


def _fetch_groups(admin, group_ids):
    """Descriptions, committed offsets and log-end offsets of groups, in four requests."""
    described = kafka_group_protocol.describe_groups(admin, group_ids)
    committed = kafka_admin.group_offsets(admin, group_ids)
    partitions = set()
    for group_id in group_ids:
        partitions |= set(committed.get(group_id, {}))
        partitions |= set(_assignments(described.get(group_id, {})))
    return described, committed, _log_ends(admin, partitions)


def _groups_of_live_brokers(admin):
    """ListGroups asks every broker; a dead one (not yet fenced) leaves out only the groups it coordinates,
    which move to a live coordinator once Kafka fails over."""
    try:
        return admin.list_groups()
    except kafka_clients.UNREACHABLE_ERRORS:
        pass
    listed = []
    for broker in admin.describe_cluster()["brokers"]:
        try:
            listed.extend(admin.list_groups(broker_ids=[broker["broker_id"]]))
        except kafka_clients.UNREACHABLE_ERRORS:
            continue
    return listed


def list_groups(cluster, state=None, has_lag=None):
    """Every group the cluster knows, including those with committed offsets and no members."""

    def fetch(admin):
        listed = _groups_of_live_brokers(admin)
        ids = sorted({g["group_id"] for g in listed})
        if not ids:
            return listed, {}, {}, {}
        return (listed, *_fetch_groups(admin, ids))

    listed, described, committed, log_ends = kafka_clients.run_admin(cluster, fetch)
    summaries = []
    for item in sorted(listed, key=lambda g: g["group_id"]):
        group_id = item["group_id"]
        description = described.get(group_id) or {}
        # A group neither DescribeGroups nor ConsumerGroupDescribe knows (a share group, say) keeps its listing.
        usable = description and not description.get("error")
        owners = _assignments(description) if usable else {}
        offsets = committed.get(group_id, {})
        topic_lags = defaultdict(int)
        topic_committed = defaultdict(int)
        has_committed = False
        for tp, meta in offsets.items():
            lag = lag_of(meta.offset, log_ends.get(tp))
            if lag is not None:
                has_committed = True
                topic_lags[tp.topic] += lag
                topic_committed[tp.topic] += meta.offset
        summary = GroupSummary(
            group_id=group_id,
            state=(description.get("group_state") if usable else None) or item.get("group_state") or "Unknown",
            protocol_type=item.get("protocol_type") or "",
            group_type=item.get("group_type") or "classic",
            members=len(description.get("members") or []) if usable else 0,
            topics=sorted({tp.topic for tp in offsets} | {tp.topic for tp in owners}),
            lag=sum(topic_lags.values()) if has_committed else None,
            topic_lags=dict(topic_lags),
            topic_committed=dict(topic_committed),
        )
        if state and summary.state.lower() != state.lower():
            continue
        if has_lag is not None and bool(summary.lag) != has_lag:
            continue
        summaries.append(summary)
    return summaries


@dataclass
class TopicReader:
    """A group that has committed offsets on one topic, and its lag on that topic."""
    group_id: str
    state: str
    members: int
    partitions: int
    """How many of the topic's partitions the group has committed an offset for."""
    lag: int


def groups_of_topic(cluster, topic):
    """The groups with committed offsets on `topic`, with their lag on it, sorted by group id.

    One listing, one batched offsets fetch for every group, then a describe and the topic's log
    ends only for the groups that read it: cheap on a cluster with many groups on other topics.
    A topic that does not exist is NotFound (committed offsets can outlive their topic).
    """

    def fetch(admin):
        if topic not in existing_partitions(admin, {topic}):
            raise NotFound(f"No topic named {topic!r} in cluster {cluster.name}.", field="topic")
        ids = sorted({g["group_id"] for g in _groups_of_live_brokers(admin)})
        committed = kafka_admin.group_offsets(admin, ids) if ids else {}
        on_topic = {group_id: {tp: meta.offset for tp, meta in offsets.items()
                               if tp.topic == topic and meta.offset >= 0}
                    for group_id, offsets in committed.items()}
        on_topic = {group_id: offsets for group_id, offsets in on_topic.items() if offsets}
        if not on_topic:
            return {}, {}, {}
        partitions = set().union(*on_topic.values())
        return on_topic, kafka_group_protocol.describe_groups(admin, sorted(on_topic)), _log_ends(admin, partitions)

    on_topic, described, log_ends = kafka_clients.run_admin(cluster, fetch)
    readers = []
    for group_id, offsets in sorted(on_topic.items()):
        description = described.get(group_id) or {}
        usable = description and not description.get("error")
        lags = [lag_of(offset, log_ends.get(tp)) for tp, offset in offsets.items()]
        readers.append(TopicReader(
            group_id=group_id,
            state=(description.get("group_state") if usable else None) or "Unknown",
            members=len(description.get("members") or []) if usable else 0,
            partitions=len(offsets),
            lag=sum(lag for lag in lags if lag is not None),
        ))
    return readers


def describe_group(cluster, group_id, time_lag=True):
    """Members, and per partition the committed offset, log end, lag, owner and time lag."""

    def fetch(admin):
        described, committed, log_ends = _fetch_groups(admin, [group_id])
        return described, committed, log_ends, kafka_transactions.last_stable_offsets(admin, list(log_ends))

    described, committed, log_ends, stable = kafka_clients.run_admin(cluster, fetch)
    description = described.get(group_id) or {}
    offsets = committed.get(group_id, {})
    if description.get("error") and not offsets:
        raise NotFound(f"No consumer group named {group_id!r}.")
    if description.get("group_state") == "Dead" and not offsets:
        raise NotFound(f"No consumer group named {group_id!r}.")

    members = [Member(member_id=m["member_id"], client_id=m.get("client_id") or "",
                      host=(m.get("client_host") or "").lstrip("/"), group_instance_id=m.get("group_instance_id"),
                      assigned=_assigned(m.get("member_assignment")), member_epoch=m.get("member_epoch"),
                      target_assigned=_assigned(m["target_assignment"]) if "target_assignment" in m else None)
               for m in description.get("members") or []]

    owners = _assignments(description)
    rows = []
    for tp in sorted(set(offsets) | set(owners)):
        if tp not in log_ends:
            continue  # the topic or partition no longer exists
        meta = offsets.get(tp)
        committed_offset = meta.offset if meta is not None and meta.offset >= 0 else None
        owner = owners.get(tp)
        rows.append(PartitionOffset(
            topic=tp.topic, partition=tp.partition, committed=committed_offset, log_end=log_ends[tp],
            lag=lag_of(committed_offset, log_ends[tp]),
            member=owner["member_id"] if owner else None,
            client_id=owner.get("client_id") if owner else None,
            host=(owner.get("client_host") or "").lstrip("/") if owner else None,
            uncommitted=max(0, log_ends[tp] - stable[tp]) if tp in stable else None,
        ))
    if time_lag:
        _fill_time_lags(cluster, rows)
    known_lags = [r.lag for r in rows if r.lag is not None]
    time_lags = [r.time_lag_ms for r in rows if r.time_lag_ms is not None]
    return GroupDetail(
        group_id=group_id,
        state=description.get("group_state") or "Unknown",
        protocol_type=description.get("protocol_type") or "",
        protocol=description.get("protocol_data") or "",
        group_type=description.get("group_type") or "unknown",
        members=members,
        offsets=rows,
        lag=sum(known_lags) if known_lags else None,
        max_time_lag_ms=max(time_lags) if time_lags else None,
        group_epoch=description.get("group_epoch"),
        assignment_epoch=description.get("assignment_epoch"),
    )


def _assigned(assignment):
    """[Assignment] of a member's decoded assignment ({"assigned_partitions": [{topic, partitions}]})."""
    if not isinstance(assignment, dict):
        return []
    return [Assignment(a["topic"], p) for a in assignment.get("assigned_partitions") or []
            for p in sorted(a["partitions"])]


def _fill_time_lags(cluster, rows):
    """The age of the first unconsumed record of each lagging partition, read without a consumer (so looking never
    moves the group's offsets). A record removed by retention, or a leader that cannot be reached, leaves
    time_lag_ms as None."""
    lagging = {TopicPartition(r.topic, r.partition): r for r in rows if r.lag}
    if not lagging:
        return
    offsets = {tp: row.committed for tp, row in lagging.items()}
    try:
        timestamps = kafka_clients.run_admin(cluster,
                                             lambda admin: kafka_admin.first_record_timestamps(admin, offsets))
    except ServiceError as error:  # the lags are known and shown; only their ages are not
        log.warning("No time lag for cluster %s: %s", cluster.name, error)
        return
    now_ms = int(time.time() * 1000)
    for tp, timestamp in timestamps.items():
        lagging[tp].time_lag_ms = max(0, now_ms - timestamp)


# ---------------------------------------------------------------- changing


def require_inactive(admin, group_id, action):
    description = kafka_group_protocol.describe_groups(admin, [group_id]).get(group_id) or {}
    members = description.get("members") or []
    state = description.get("group_state")
    if members or (state and state not in INACTIVE_STATES):
        raise Conflict(
            f"Cannot {action} group {group_id!r}: it is {state} with {len(members)} active member(s). "
            f"Kafka only allows this on an empty group; stop its consumers first."
        )
    return description


def delete_group(cluster, group_id, *, actor):
    """Delete an empty group and its committed offsets; audited."""

    def delete(admin):
        description = require_inactive(admin, group_id, "delete")
        if description.get("error") and not admin.list_group_offsets({group_id: None}).get(group_id):
            raise NotFound(f"No consumer group named {group_id!r}.")
        error = admin.delete_groups([group_id]).get(group_id)
        if not kafka_clients.is_no_error(error):
            raise kafka_clients.error_for_code(error, cluster)

    with AuditEntry.track(actor, "delete_consumer_group", cluster=cluster, target=group_id):
        kafka_clients.run_admin(cluster, delete)
