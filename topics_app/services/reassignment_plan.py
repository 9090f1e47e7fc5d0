"""A reassignment plan, worked out without Kafka: checked moves, replication factor targets that keep the existing
replicas first and add the least loaded brokers, drains, and the throttle configs kafka-reassign-partitions sets.
`reassignment` reads the cluster's state, hands it to these and applies what they return.
"""
from dataclasses import dataclass, field

from topics_app.errors import InvalidRequest, NotFound

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


def checked_cancel(partitions):
    """The sorted (topic, partition) pairs to cancel, or None for every reassignment in progress."""
    if partitions is None:
        return None
    if not isinstance(partitions, (list, tuple)) or not all(
            isinstance(item, (list, tuple)) and len(item) == 2 and isinstance(item[0], str) and _is_int(item[1])
            for item in partitions):
        raise InvalidRequest("Give [[topic, partition], ...], or null for every reassignment in progress.",
                             field="partitions")
    return sorted({(topic, partition) for topic, partition in partitions})
