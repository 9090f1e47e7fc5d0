"""Partition reassignment: give partitions new replicas, change a topic's replication factor, or move everything
off brokers before they are retired. Planned first (a dry run), then applied, with an optional replication
throttle that is removed when the reassignment ends.

The plan is worked out by pure functions (`checked_moves`, `replication_factor_targets`, `drain_targets`) that need
no Kafka. Every input is checked before anything is sent; a partition Kafka refuses cancels the ones it accepted
in the same request, so nothing is left half-applied.
"""
import logging
from dataclasses import dataclass, field

from topics_app import kafka_admin, kafka_clients
from topics_app.errors import Conflict, InvalidRequest, NotFound, ServiceError
from topics_app.kafka_clients import ConfigResourceType
from topics_app.models import AuditEntry, ReassignmentThrottle

log = logging.getLogger(__name__)

BROKER_THROTTLES = ("leader.replication.throttled.rate", "follower.replication.throttled.rate")
LEADER_REPLICAS, FOLLOWER_REPLICAS = "leader.replication.throttled.replicas", "follower.replication.throttled.replicas"
# A throttle below this would stall a reassignment for good (one record batch may be larger).
MIN_THROTTLE_BYTES_PER_S = 1024
MODES = ("moves", "replication_factor", "drain_brokers")


@dataclass
class PlanRow:
    topic: str
    partition: int
    before: list[int]
    after: list[int]
    bytes: int = 0

    @property
    def adding(self):
        return [b for b in self.after if b not in self.before]

    @property
    def removing(self):
        return [b for b in self.before if b not in self.after]


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


@dataclass
class ClusterState:
    """What a plan is made from: the live brokers, every partition's replicas and leader, replicas per broker."""
    brokers: list[int]
    replicas: dict = field(default_factory=dict)   # {(topic, partition): [broker]}
    leaders: dict = field(default_factory=dict)    # {(topic, partition): broker or -1}

    def load(self):
        counts = {broker: 0 for broker in self.brokers}
        for replicas in self.replicas.values():
            for broker in replicas:
                if broker in counts:
                    counts[broker] += 1
        return counts

    def known_brokers(self):
        """Live brokers and those a replica list still names (a broker that is down holds replicas)."""
        return set(self.brokers) | {b for replicas in self.replicas.values() for b in replicas}

    def partitions_of(self, topic):
        return sorted(p for t, p in self.replicas if t == topic)


# ---- the plan, pure ----

def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _broker_list(brokers):
    return ", ".join(map(str, sorted(brokers))) or "none"


def checked_replicas(replicas, state, where, field_name):
    """A replica list that names only brokers the cluster has, each once; InvalidRequest naming `where` otherwise."""
    if not isinstance(replicas, (list, tuple)) or not replicas:
        raise InvalidRequest(f"{where}: the replica list is empty; name at least one broker.", field=field_name)
    if not all(_is_int(b) for b in replicas):
        raise InvalidRequest(f"{where}: replicas must be broker ids (whole numbers).", field=field_name)
    unknown = sorted({b for b in replicas if b not in state.brokers})
    if unknown:
        raise InvalidRequest(f"{where}: there is no live broker {_broker_list(unknown)} "
                             f"(the cluster's brokers: {_broker_list(state.brokers)}).", field=field_name)
    twice = sorted({b for b in replicas if replicas.count(b) > 1})
    if twice:
        raise InvalidRequest(f"{where}: broker {_broker_list(twice)} is named more than once; "
                             f"a partition has at most one replica per broker.", field=field_name)
    return list(replicas)


def _checked_topic(topic, state, field_name):
    if not isinstance(topic, str) or not state.partitions_of(topic):
        raise NotFound(f"There is no topic named {topic!r}.", field=field_name)
    return topic


def checked_moves(moves, state):
    """{(topic, partition): replicas} from the request's {topic: {partition: [replica ids]}}."""
    if not isinstance(moves, dict) or not moves:
        raise InvalidRequest("Give at least one topic with new replicas per partition.", field="moves")
    targets = {}
    for topic, partitions in moves.items():
        _checked_topic(topic, state, "moves")
        if not isinstance(partitions, dict) or not partitions:
            raise InvalidRequest(f"Topic {topic}: give {{partition: [replica ids]}}.", field="moves")
        existing = state.partitions_of(topic)
        for partition, replicas in partitions.items():
            try:
                number = int(partition)
            except (TypeError, ValueError):
                number = None
            if number is None or number not in existing:
                raise NotFound(f"Topic {topic} has no partition {partition} (it has 0–{max(existing)}).",
                               field="moves")
            where = f"Topic {topic} partition {number}"
            targets[(topic, number)] = checked_replicas(replicas, state, where, "moves")
    return targets


def _least_loaded(load, excluded):
    """The broker with the fewest replicas (lowest id on a tie) among those not in `excluded`."""
    candidates = [b for b in load if b not in excluded]
    return min(candidates, key=lambda b: (load[b], b)) if candidates else None


def replication_factor_targets(wanted, state):
    """{(topic, partition): replicas} for {topic: n}: existing replicas are kept first; a larger factor adds the
    least loaded brokers, a smaller one removes the last replicas."""
    if not isinstance(wanted, dict) or not wanted:
        raise InvalidRequest("Give {topic: replication factor}.", field="replication_factor")
    load = state.load()
    targets = {}
    for topic, count in wanted.items():
        _checked_topic(topic, state, "replication_factor")
        if not _is_int(count) or count < 1:
            raise InvalidRequest(f"Topic {topic}: the replication factor must be a whole number of at least 1.",
                                 field="replication_factor")
        if count > len(state.brokers):
            raise InvalidRequest(f"Topic {topic}: a replication factor of {count} is more than the "
                                 f"{len(state.brokers)} brokers the cluster has.", field="replication_factor")
        for partition in state.partitions_of(topic):
            replicas = list(state.replicas[(topic, partition)])
            while len(replicas) > count:
                gone = replicas.pop()
                if gone in load:
                    load[gone] -= 1
            while len(replicas) < count:
                added = _least_loaded(load, replicas)
                replicas.append(added)
                load[added] += 1
            targets[(topic, partition)] = replicas
    return targets


def drain_targets(drained, state):
    """{(topic, partition): replicas} moving every replica off the `drained` brokers onto the least loaded others,
    each new broker taking the place of the one it replaces (so the preferred order holds where it can)."""
    if not isinstance(drained, (list, tuple)) or not drained or not all(_is_int(b) for b in drained):
        raise InvalidRequest("Give the ids of the brokers to move everything off.", field="drain_brokers")
    unknown = sorted(set(drained) - state.known_brokers())
    if unknown:
        raise InvalidRequest(f"There is no broker {_broker_list(unknown)} "
                             f"(the cluster's brokers: {_broker_list(state.known_brokers())}).", field="drain_brokers")
    if len(set(drained)) != len(drained):
        raise InvalidRequest("A broker is named more than once.", field="drain_brokers")
    load = {b: n for b, n in state.load().items() if b not in drained}
    targets = {}
    for key in sorted(state.replicas):
        replicas = list(state.replicas[key])
        if not set(replicas) & set(drained):
            continue
        for index, broker in enumerate(replicas):
            if broker not in drained:
                continue
            added = _least_loaded(load, replicas)
            if added is None:
                topic, partition = key
                raise InvalidRequest(
                    f"Topic {topic} partition {partition} has {len(replicas)} replicas, but only "
                    f"{len(load)} brokers would be left ({_broker_list(load)}); lower its replication factor first.",
                    field="drain_brokers")
            replicas[index] = added
            load[added] += 1
        targets[key] = replicas
    return targets


def plan_rows(targets, state):
    """The rows that change something, in topic and partition order."""
    return [PlanRow(topic, partition, list(state.replicas[(topic, partition)]), list(after))
            for (topic, partition), after in sorted(targets.items())
            if list(after) != list(state.replicas[(topic, partition)])]


def throttle_configs(rows, rate):
    """({broker: {config: value}}, {topic: {config: value}}) as kafka-reassign-partitions sets them: the rate on
    every broker involved; the existing replicas throttled as leaders, the new ones as followers."""
    brokers, topics = {}, {}
    for row in rows:
        for broker in set(row.before) | set(row.after):
            brokers[str(broker)] = {name: str(rate) for name in BROKER_THROTTLES}
        entry = topics.setdefault(row.topic, {LEADER_REPLICAS: [], FOLLOWER_REPLICAS: []})
        entry[LEADER_REPLICAS] += [f"{row.partition}:{b}" for b in row.before]
        entry[FOLLOWER_REPLICAS] += [f"{row.partition}:{b}" for b in row.adding]
    return brokers, {topic: {name: ",".join(values) for name, values in entry.items() if values}
                     for topic, entry in topics.items()}


def checked_request(moves=None, replication_factor=None, drain_brokers=None, throttle_bytes_per_s=None):
    """(mode, value, throttle) of a request that gives exactly one of moves, replication_factor, drain_brokers."""
    given = {name: value for name, value in
             (("moves", moves), ("replication_factor", replication_factor), ("drain_brokers", drain_brokers))
             if value not in (None, {}, [])}
    if len(given) != 1:
        raise InvalidRequest("Give exactly one of moves, replication_factor or drain_brokers.",
                             field=next(iter(given), "moves") if len(given) > 1 else "moves")
    if throttle_bytes_per_s is not None and (not _is_int(throttle_bytes_per_s)
                                             or throttle_bytes_per_s < MIN_THROTTLE_BYTES_PER_S):
        raise InvalidRequest(f"The throttle must be a whole number of bytes per second, at least "
                             f"{MIN_THROTTLE_BYTES_PER_S:,}.", field="throttle_bytes_per_s")
    (mode, value), = given.items()
    return mode, value, throttle_bytes_per_s


# ---- Kafka ----

def cluster_state(admin):
    brokers = sorted(b["broker_id"] for b in admin.describe_cluster()["brokers"])
    state = ClusterState(brokers=brokers)
    for topic in admin.describe_topics():
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
        chosen = _checked_cancel(partitions)

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


def _checked_cancel(partitions):
    if partitions is None:
        return None
    if not isinstance(partitions, (list, tuple)) or not all(
            isinstance(item, (list, tuple)) and len(item) == 2 and isinstance(item[0], str) and _is_int(item[1])
            for item in partitions):
        raise InvalidRequest("Give [[topic, partition], ...], or null for every reassignment in progress.",
                             field="partitions")
    return sorted({(topic, partition) for topic, partition in partitions})


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
