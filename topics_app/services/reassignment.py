"""Partition reassignment: give partitions new replicas, change a topic's replication factor, or move everything
off brokers before they are retired. Planned first (a dry run), then applied, with an optional replication
throttle that is removed when the reassignment ends.

The plan is worked out by pure functions (`checked_moves`, `replication_factor_targets`, `drain_targets`) that need
no Kafka. Every input is checked before anything is sent; a partition Kafka refuses cancels the ones it accepted
in the same request, so nothing is left half-applied.
"""
import logging
from dataclasses import dataclass

from topics_app import kafka_admin, kafka_clients
from topics_app.errors import Conflict, InvalidRequest, NotFound, ServiceError
from topics_app.kafka_clients import ConfigResourceType
from topics_app.models import AuditEntry, ReassignmentThrottle
from topics_app.services.reassignment_plan import (
    ClusterState,
    PlanRow,
    checked_cancel,
    checked_moves,
    checked_request,
    drain_targets,
    plan_rows,
    replication_factor_targets,
    throttle_configs,
)

log = logging.getLogger(__name__)

@dataclass
class Plan:
    mode: str
    dry_run: bool
    plan: list[PlanRow]
    throttle_bytes_per_s: int | None = None
    applied: bool = False

    @property
    def total_bytes(self):
        return sum(row.bytes for row in self.plan)


@dataclass
class InProgress:
    topic: str
    partition: int
    replicas: list[int]
    adding: list[int]
    removing: list[int]
    size_bytes: int | None = None
    copied_bytes: int | None = None

    @property
    def percent(self):
        """How much of the data the adding replicas need they hold, 0–100; None when unknown."""
        if self.size_bytes is None or self.copied_bytes is None:
            return None
        wanted = self.size_bytes * len(self.adding)
        return 100 if wanted == 0 else min(100, int(self.copied_bytes * 100 / wanted))


# ---- Kafka ----

def cluster_state(admin):
    brokers = sorted(b["broker_id"] for b in admin.describe_cluster()["brokers"])
    state = ClusterState(brokers=brokers)
    for topic in kafka_admin.all_topics(admin):
        if topic.get("error_code"):
            continue
        for p in topic["partitions"]:
            key = (topic["name"], p["partition_index"])
            state.replicas[key] = list(p["replica_nodes"])
            state.leaders[key] = p["leader_id"]
    return state


def _targets(mode, value, state):
    if mode == "moves":
        return checked_moves(value, state)
    if mode == "replication_factor":
        return replication_factor_targets(value, state)
    return drain_targets(value, state)


def _with_bytes(admin, rows, state):
    """Each row's bytes to copy: its size on the leader (the largest live replica when it has no leader) times
    the replicas it adds."""
    wanted = {}
    for row in rows:
        if row.adding:
            wanted.setdefault(row.topic, []).append(row.partition)
    holders = {b for row in rows if row.adding for b in row.before if b in state.brokers}
    sizes = kafka_admin.replica_sizes(admin, wanted, holders)
    for row in rows:
        if not row.adding:
            continue
        leader = state.leaders.get((row.topic, row.partition))
        size = sizes.get((leader, row.topic, row.partition))
        if size is None:
            size = max((sizes.get((b, row.topic, row.partition), 0) for b in row.before), default=0)
        row.bytes = size * len(row.adding)
    return rows


def _make_plan(cluster, mode, value):
    def compute(admin):
        state = cluster_state(admin)
        rows = plan_rows(_targets(mode, value, state), state)
        return _with_bytes(admin, rows, state)

    return kafka_clients.run_admin(cluster, compute, timeout_s=20)


def plan(cluster, *, moves=None, replication_factor=None, drain_brokers=None, throttle_bytes_per_s=None):
    """Work out partition → replicas before → after → bytes to copy, changing nothing (a dry run)."""
    mode, value, throttle = checked_request(moves, replication_factor, drain_brokers, throttle_bytes_per_s)
    return Plan(mode=mode, dry_run=True, plan=_make_plan(cluster, mode, value), throttle_bytes_per_s=throttle)


def apply(cluster, *, moves=None, replication_factor=None, drain_brokers=None, throttle_bytes_per_s=None, actor):
    """Plan, set the throttle when asked, and start the reassignment; audited with every partition's move."""
    details = {"moves": moves, "replication_factor": replication_factor, "drain_brokers": drain_brokers,
               "throttle_bytes_per_s": throttle_bytes_per_s}
    with AuditEntry.track(actor, "reassign_partitions", cluster=cluster, target=_target_name(details),
                          details=details):
        mode, value, throttle = checked_request(moves, replication_factor, drain_brokers, throttle_bytes_per_s)
        rows = _make_plan(cluster, mode, value)
        details["plan"] = [[r.topic, r.partition, r.before, r.after] for r in rows]
        if not rows:
            raise InvalidRequest("Nothing to change: every partition already has these replicas.",
                                 field=mode)
        record = _throttle(cluster, rows, throttle, actor) if throttle else None
        try:
            _start(cluster, rows)
        except ServiceError:
            if record is not None:
                remove_throttles(cluster, [record])
            raise
    return Plan(mode=mode, dry_run=False, plan=rows, throttle_bytes_per_s=throttle, applied=True)


def _target_name(details):
    if details.get("drain_brokers"):
        return "brokers " + ", ".join(map(str, details["drain_brokers"]))
    chosen = details.get("moves") or details.get("replication_factor")
    return ", ".join(map(str, chosen)) if isinstance(chosen, dict) else ""


def _start(cluster, rows):
    targets = {(r.topic, r.partition): r.after for r in rows}

    def start(admin):
        refused = {key: error for key, error in kafka_admin.alter_reassignments(admin, targets).items()
                   if error is not None}
        if refused:
            accepted = {key: None for key in targets if key not in refused}
            if accepted:
                kafka_admin.alter_reassignments(admin, accepted)
            (topic, partition), error = sorted(refused.items())[0]
            reason = kafka_clients.broker_message(error()) or error.__name__
            raise Conflict(f"Kafka refused the reassignment of {topic} partition {partition}: {reason}. "
                           f"Nothing was changed.", field="moves")

    kafka_clients.run_admin(cluster, start, timeout_s=20)


def _throttle(cluster, rows, rate, actor):
    brokers, topics = throttle_configs(rows, rate)

    def set_all(admin):
        for broker, configs in brokers.items():
            kafka_admin.alter_entity_configs(admin, ConfigResourceType.BROKER, broker, configs)
        for topic, configs in topics.items():
            kafka_admin.alter_entity_configs(admin, ConfigResourceType.TOPIC, topic, configs)

    record = ReassignmentThrottle.objects.create(
        cluster=cluster, partitions=[[r.topic, r.partition] for r in rows], brokers=brokers, topics=topics,
        rate_bytes_per_s=rate, created_by=getattr(actor, "username", ""))
    try:
        kafka_clients.run_admin(cluster, set_all, timeout_s=20)
    except ServiceError:
        remove_throttles(cluster, [record])
        raise
    return record


# ---- in progress, cancel, throttles ----

def _progress(admin, found, state_leaders):
    wanted = {}
    for topic, partition in found:
        wanted.setdefault(topic, []).append(partition)
    brokers = {b["broker_id"] for b in admin.describe_cluster()["brokers"]}
    sizes = kafka_admin.replica_sizes(admin, wanted, brokers)
    rows = []
    for (topic, partition), state in sorted(found.items()):
        row = InProgress(topic, partition, state["replicas"], state["adding_replicas"], state["removing_replicas"])
        leader = state_leaders.get((topic, partition))
        if (leader, topic, partition) in sizes:
            row.size_bytes = sizes[(leader, topic, partition)]
            row.copied_bytes = sum(min(sizes.get((b, topic, partition), 0), row.size_bytes) for b in row.adding)
        rows.append(row)
    return rows


def in_progress(cluster):
    """The reassignments in progress with how far their new replicas have come; throttles of finished ones go."""
    def fetch(admin):
        found = kafka_admin.list_reassignments(admin)
        if not found:
            return []
        topics = sorted({topic for topic, _ in found})
        leaders = {(t["name"], p["partition_index"]): p["leader_id"]
                   for t in admin.describe_topics(topics) for p in t.get("partitions", [])}
        return _progress(admin, found, leaders)

    rows = kafka_clients.run_admin(cluster, fetch, timeout_s=15)
    remove_finished_throttles(cluster, still_moving={(r.topic, r.partition) for r in rows})
    return rows


def cancel(cluster, partitions=None, *, actor):
    """Cancel the reassignments of [[topic, partition]] (all in progress when None); returns the cancelled ones."""
    details = {"partitions": partitions}
    with AuditEntry.track(actor, "cancel_reassignment", cluster=cluster, target="", details=details):
        chosen = checked_cancel(partitions)

        def stop(admin):
            moving = set(kafka_admin.list_reassignments(admin))
            targets = sorted(moving) if chosen is None else chosen
            idle = [key for key in targets if key not in moving]
            if idle:
                topic, partition = idle[0]
                raise NotFound(f"No reassignment of {topic} partition {partition} is in progress.",
                               field="partitions")
            if targets:
                refused = {k: e for k, e in kafka_admin.alter_reassignments(
                    admin, {key: None for key in targets}).items()
                    if e is not None and e is not kafka_admin.NoReassignmentInProgressError}
                if refused:
                    (topic, partition), error = sorted(refused.items())[0]
                    raise Conflict(f"Kafka refused to cancel {topic} partition {partition}: "
                                   f"{kafka_clients.broker_message(error()) or error.__name__}.", field="partitions")
            return targets

        cancelled = kafka_clients.run_admin(cluster, stop, timeout_s=20)
        details["cancelled"] = [list(key) for key in cancelled]
    in_progress(cluster)  # removes the throttles of what no longer moves
    return cancelled


def remove_finished_throttles(cluster, still_moving=None):
    """Remove the throttles Strom set for reassignments that are no longer in progress; returns how many records
    ended. `still_moving`: the partitions in progress, when the caller just listed them."""
    records = list(ReassignmentThrottle.objects.filter(cluster=cluster))
    if not records:
        return 0
    if still_moving is None:
        still_moving = set(kafka_clients.run_admin(cluster, kafka_admin.list_reassignments, timeout_s=15))
    finished = [r for r in records if not any(tuple(p) in still_moving for p in r.partitions)]
    if finished:
        remove_throttles(cluster, finished, kept=[r for r in records if r not in finished])
    return len(finished)


def remove_throttles(cluster, records, kept=()):
    """Delete the configs `records` set, where they still hold the value set then and no record in `kept` (a
    reassignment still moving) set them too; then the records themselves."""
    still_needed = {(kind, name, key) for r in kept for kind, entities in (("broker", r.brokers), ("topic", r.topics))
                    for name, configs in entities.items() for key in configs}
    removals = {}
    for record in records:
        for kind, entities in (("broker", record.brokers), ("topic", record.topics)):
            for name, configs in entities.items():
                for key, value in configs.items():
                    if (kind, name, key) not in still_needed:
                        removals.setdefault((kind, name), {})[key] = value

    def remove(admin):
        for kind in ("broker", "topic"):
            resource_type = ConfigResourceType.BROKER if kind == "broker" else ConfigResourceType.TOPIC
            names = [name for k, name in removals if k == kind]
            if not names:
                continue
            current = kafka_admin.entity_configs(admin, resource_type, names)
            for name in names:
                ours = {key: None for key, value in removals[(kind, name)].items()
                        if (current.get(name) or {}).get(key) == value}
                if ours:
                    try:
                        kafka_admin.alter_entity_configs(admin, resource_type, name, ours)
                    except kafka_clients.UnknownTopicOrPartitionError:
                        pass  # the topic is gone, and its configs with it

    if removals:
        kafka_clients.run_admin(cluster, remove, timeout_s=20)
    ReassignmentThrottle.objects.filter(pk__in=[r.pk for r in records]).delete()
    # Strom itself removes them, on no one's request.
    AuditEntry.objects.create(username="strom", cluster=cluster.name, action="remove_replication_throttle",
                              result=AuditEntry.Result.OK,
                              details={"partitions": [p for r in records for p in r.partitions],
                                       "removed": {f"{kind} {name}": sorted(keys)
                                                   for (kind, name), keys in removals.items()}})


def remove_finished_throttles_everywhere():
    """For the periodic task: every cluster with throttles Strom set."""
    ended = 0
    for cluster in _clusters_with_throttles():
        try:
            ended += remove_finished_throttles(cluster)
        except ServiceError as error:
            log.warning("could not check the reassignments of cluster %s: %s", cluster.name, error)
    return ended


def _clusters_with_throttles():
    seen = {}
    for record in ReassignmentThrottle.objects.select_related("cluster"):
        seen.setdefault(record.cluster_id, record.cluster)
    return list(seen.values())


def known_brokers(cluster):
    """The ids of the cluster's brokers: live ones and those a replica list still names."""
    state = kafka_clients.run_admin(cluster, cluster_state, timeout_s=15)
    return sorted(state.known_brokers())
