"""Topics: list, describe, create, add partitions, delete (configs: `topic_configs`, purging: `purge`).

Each function takes the cluster first and returns plain data. Whole-cluster reads are
batched: one metadata request, one offsets request per leader for each end, one log-dirs
request per broker, never one request per topic. Changes take the acting user as `actor` and
write the audit log, so a page and the API record the same entry.
"""
from dataclasses import dataclass, field

from topics_app import kafka_admin, kafka_clients, topic_rules
from topics_app.errors import InvalidRequest
from topics_app.kafka_clients import (
    ConfigResource,
    ConfigResourceType,
    NewPartitions,
    OffsetSpec,
    TopicPartition,
    UnknownTopicOrPartitionError,
)
from topics_app.models import AuditEntry
from topics_app.services import rate_history, topic_configs
from topics_app.services.health import DEFAULT_MIN_ISR, KINDS, METADATA_KINDS, Health, partition_health, topic_health


@dataclass
class TopicSummary:
    name: str
    partitions: int
    replication_factor: int
    internal: bool
    under_replicated: bool
    messages: int
    size_bytes: int
    health: Health = field(default_factory=Health)
    messages_per_s: float | None = None
    """Between the last two samples; None until the topic has been sampled twice."""

    def as_dict(self):
        """The API's answer for this topic, as TopicSummarySerializer writes it, without DRF's work per field:
        that took 25-60 ms of a 1,000-topic list."""
        return {**self.__dict__, "health": dict(self.health.__dict__)}


@dataclass
class PartitionDetail:
    partition: int
    leader: int
    replicas: list[int]
    isr: list[int]
    # None while the partition's leader cannot be reached (a node died and no new leader is elected yet).
    earliest_offset: int | None
    latest_offset: int | None
    messages: int | None
    size_bytes: int
    # Replicas on brokers that are down, as the metadata reports them.
    offline_replicas: list[int] = field(default_factory=list)
    # Eligible leader replicas (KIP-966); None where the cluster does not report them.
    eligible_leader_replicas: list[int] | None = None
    last_known_elr: list[int] | None = None
    health: Health = field(default_factory=Health)

    @property
    def under_replicated(self):
        return len(self.isr) < len(self.replicas)

    @property
    def missing_from_isr(self):
        return [replica for replica in self.replicas if replica not in self.isr]


@dataclass
class TopicDetail:
    name: str
    internal: bool
    partitions: list[PartitionDetail] = field(default_factory=list)
    configs: list[topic_configs.ConfigEntry] = field(default_factory=list)

    @property
    def replication_factor(self):
        return max((len(p.replicas) for p in self.partitions), default=0)

    @property
    def messages(self):
        return sum(p.messages or 0 for p in self.partitions)

    @property
    def size_bytes(self):
        return sum(p.size_bytes for p in self.partitions)

    def config(self, name):
        return next((c for c in self.configs if c.name == name), None)

    @property
    def health(self):
        return sum((p.health for p in self.partitions), Health())


def partition_ends(admin, partitions):
    """(earliest, latest) per TopicPartition, in two batched requests."""
    if not partitions:
        return {}
    earliest = admin.list_partition_offsets({tp: OffsetSpec.EARLIEST for tp in partitions})
    latest = admin.list_partition_offsets({tp: OffsetSpec.LATEST for tp in partitions})
    return {tp: (earliest[tp].offset, latest[tp].offset) for tp in partitions}


def partition_ends_of_live_leaders(admin, partitions, leaders):
    """partition_ends, but a leader that cannot be reached (killed, not yet replaced) gives (None, None) for its
    partitions instead of failing the whole answer: the other nodes still serve theirs. `leaders`: {tp: id}."""
    try:
        return partition_ends(admin, partitions)
    except kafka_clients.UNREACHABLE_ERRORS:
        pass
    ends = {}
    for leader in sorted(set(leaders.values())):
        led = [tp for tp in partitions if leaders[tp] == leader]
        try:
            ends.update(partition_ends(admin, led))
        except kafka_clients.UNREACHABLE_ERRORS:
            ends.update({tp: (None, None) for tp in led})
    return ends


def _sizes(admin, held):
    """Bytes on disk per (topic, partition) of `held` ([(topic, [partition])]), summed over every broker holding a
    replica that answers: a dead one (not yet fenced) leaves out only its own."""
    return _summed(kafka_admin.concurrently(admin, kafka_admin.sizes_steps(admin, held)))


def _summed(sizes_by_broker):
    sizes = {}
    for held_by_broker in sizes_by_broker:
        for key, size in held_by_broker.items():
            sizes[key] = sizes.get(key, 0) + size
    return sizes


def min_insync_replicas(admin, names):
    """Each topic's effective min.insync.replicas, in one request for all of them."""
    if not names:
        return {}
    return _min_isr_in(kafka_admin.config_values(admin, _min_isr_resources(names)), names)


def _min_isr_resources(names):
    return [ConfigResource(ConfigResourceType.TOPIC, name, configs={"min.insync.replicas": None}) for name in names]


def _min_isr_in(answer, names):
    """{name: min.insync.replicas} from config_values_step's answer ({name: {config: value}})."""
    return {name: int(answer.get(name, {}).get("min.insync.replicas") or DEFAULT_MIN_ISR) for name in names}


def _list_facts(admin, chosen, of_all):
    """min.insync.replicas, (earliest, latest) offsets and bytes on disk of the chosen topics' partitions (`of_all`
    of the cluster's): one request per leader for each end, one per broker for sizes, one for the configs, all at
    once."""
    leaders = {TopicPartition(t["name"], p["partition_index"]): p["leader_id"] for t in chosen for p in t["partitions"]}
    led = {}
    for tp, leader in leaders.items():
        if leader >= 0:
            led.setdefault(leader, []).append(tp)
    names = [t["name"] for t in chosen]
    steps = [kafka_admin.config_values_step(admin, _min_isr_resources(names))] if names else []
    for leader, tps in led.items():
        steps += [kafka_admin.offsets_step(admin, leader, dict.fromkeys(tps, spec))
                  for spec in (OffsetSpec.EARLIEST, OffsetSpec.LATEST)]
    if chosen:
        # Naming most of the topics in the request costs more than the broker's answer for all of them.
        held = None if 2 * len(chosen) > of_all else [(t["name"], [p["partition_index"] for p in t["partitions"]])
                                                      for t in chosen]
        steps += kafka_admin.sizes_steps(admin, held)
    answers = kafka_admin.concurrently(admin, steps)

    min_isr = _min_isr_in(answers.pop(0), names) if names else {}
    offsets, stale = dict.fromkeys(leaders, (None, None)), []
    for tps in led.values():
        earliest, latest = answers.pop(0), answers.pop(0)
        if isinstance(earliest, kafka_admin.Stale) or isinstance(latest, kafka_admin.Stale):
            stale += tps
        elif earliest is not None and latest is not None:
            offsets.update({tp: (earliest[tp], latest[tp]) for tp in tps})
    if stale:  # a leader moved since the metadata was read: kafka-python's lookup reads it again
        offsets.update(partition_ends_of_live_leaders(admin, stale, leaders))
    return min_isr, offsets, _summed(answers)


def metadata_health(topic, min_isr):
    """A topic's health from its metadata (as describe_topics returns it)."""
    return topic_health(((p["leader_id"], p["replica_nodes"], p["isr_nodes"]) for p in topic["partitions"]), min_isr)


def list_topics(cluster, search="", include_internal=False, health=None):
    """Every topic (internal ones only when asked) whose name contains `search`, with counts, sizes and
    health; with `health` (one of health.KINDS), only the topics that have that problem."""
    search = search.strip().lower()
    if health is not None and health not in KINDS:
        raise InvalidRequest(f"Choose one of {', '.join(KINDS)}, not {health!r}.", field="health")

    def fetch(admin, attempts=3):
        every_topic = kafka_admin.all_topics(admin)
        chosen = [
            t for t in every_topic
            if (include_internal or not t["is_internal"]) and search in t["name"].lower()
        ]
        if health in METADATA_KINDS:
            # The metadata alone decides: leave the other topics out before asking Kafka for more.
            chosen = [t for t in chosen if metadata_health(t, DEFAULT_MIN_ISR).has(health)]
        try:
            min_isr, offsets, sizes = _list_facts(admin, chosen, len(every_topic))
        except UnknownTopicOrPartitionError:
            # A topic was deleted between the two requests; read the list again.
            if attempts == 1:
                raise
            return fetch(admin, attempts - 1)
        if health == "under_min_isr":
            chosen = [t for t in chosen if metadata_health(t, min_isr[t["name"]]).has(health)]
        return chosen, offsets, sizes, min_isr

    chosen, offsets, sizes, min_isr = kafka_clients.run_admin(cluster, fetch, timeout_s=30)
    rates = rate_history.current_rates(cluster)
    summaries = []
    for t in chosen:
        parts = t["partitions"]
        found = metadata_health(t, min_isr[t["name"]])
        ends = [offsets[TopicPartition(t["name"], p["partition_index"])] for p in parts]
        summaries.append(TopicSummary(
            name=t["name"],
            partitions=len(parts),
            replication_factor=max((len(p["replica_nodes"]) for p in parts), default=0),
            internal=t["is_internal"],
            under_replicated=any(len(p["isr_nodes"]) < len(p["replica_nodes"]) for p in parts),
            messages=sum(latest - earliest for earliest, latest in ends if latest is not None),
            size_bytes=sum(sizes.get((t["name"], p["partition_index"]), 0) for p in parts),
            health=found,
            messages_per_s=rates.get(t["name"]),
        ))
    return sorted(summaries, key=lambda s: s.name)


def describe_topic(cluster, name):
    """Partitions with leaders, replicas, ISR, offsets and sizes; every config with its source and default."""

    def fetch_once(admin):
        topic = kafka_admin.existing_topic(admin, name)
        partitions = [TopicPartition(name, p["partition_index"]) for p in topic["partitions"]]
        configs = admin.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, name)], include_synonyms=True, config_filter="all"
        )
        leaders = {TopicPartition(name, p["partition_index"]): p["leader_id"] for p in topic["partitions"]}
        held = [(name, [tp.partition for tp in partitions])]
        return (topic, partition_ends_of_live_leaders(admin, partitions, leaders), _sizes(admin, held),
                configs["topic"][name], kafka_admin.eligible_leader_replicas(admin, name))

    def fetch(admin):
        return kafka_admin.settled(lambda: fetch_once(admin))

    topic, offsets, sizes, configs, elr = kafka_clients.run_admin(cluster, fetch, timeout_s=15)
    min_isr = int(configs.get("min.insync.replicas", {}).get("value") or DEFAULT_MIN_ISR)
    partitions = []
    for p in sorted(topic["partitions"], key=lambda p: p["partition_index"]):
        index = p["partition_index"]
        earliest, latest = offsets[TopicPartition(name, index)]
        eligible, last_known = elr.get(index, (None, None))
        partitions.append(PartitionDetail(
            partition=index, leader=p["leader_id"], replicas=list(p["replica_nodes"]), isr=list(p["isr_nodes"]),
            earliest_offset=earliest, latest_offset=latest, messages=None if latest is None else latest - earliest,
            size_bytes=sizes.get((name, index), 0), offline_replicas=list(p.get("offline_replicas") or []),
            eligible_leader_replicas=eligible, last_known_elr=last_known,
            health=partition_health(p["leader_id"], p["replica_nodes"], p["isr_nodes"], min_isr),
        ))
    return TopicDetail(name=name, internal=topic["is_internal"], partitions=partitions,
                       configs=topic_configs.config_entries(configs))


def create_topic(cluster, name, partitions, replication_factor=None, configs=None, *, actor=None, details=None):
    """Create a topic (replication factor None: the cluster's default); Kafka's refusals come back as
    InvalidRequest/AlreadyExists naming the field.

    Audited as `actor` when one is given: a person on the topic pages and API, or the one who
    started a job that creates its topic (`details` then name the job).
    """
    if actor is None:
        return _create_topic(cluster, name, partitions, replication_factor, configs)
    details = {"partitions": partitions, "replication_factor": replication_factor, "configs": configs or {},
               **(details or {})}
    with AuditEntry.track(actor, "create_topic", cluster=cluster, target=name, details=details):
        return _create_topic(cluster, name, partitions, replication_factor, configs)


def _create_topic(cluster, name, partitions, replication_factor, configs):
    try:
        topic_rules.validate_topic_name(name)
    except topic_rules.ValidationError as error:
        raise InvalidRequest(" ".join(error.messages), field="name") from None
    if not isinstance(partitions, int) or partitions < 1:
        raise InvalidRequest("The partition count must be a whole number of at least 1.", field="partitions")
    if replication_factor is not None and (not isinstance(replication_factor, int) or replication_factor < 1):
        raise InvalidRequest("The replication factor must be a whole number of at least 1.",
                             field="replication_factor")
    configs = topic_configs.checked_configs(configs)
    if any(value is None for value in configs.values()):
        raise InvalidRequest("A new topic's configs need values.", field="configs")
    # -1 asks Kafka for the cluster's default.replication.factor (KIP-464).
    spec = {name: {"num_partitions": partitions, "replication_factor": replication_factor or -1, "configs": configs}}

    def create(admin):
        admin.create_topics(spec, wait_for_metadata=True)
        # The next read of the topic (a job's, a page's) may go to a broker that has not caught up yet, and
        # answer "no such topic": return once the topic reads back.
        kafka_admin.settled(lambda: kafka_admin.existing_topic(admin, name))

    kafka_clients.run_admin(cluster, create, timeout_s=15)


def add_partitions(cluster, name, count, *, actor):
    """Raise the partition count to `count` (a new total; only increases); return the count before."""
    details = {"from": None, "to": count}

    def apply(admin):
        current = details["from"] = len(kafka_admin.existing_topic(admin, name)["partitions"])
        if not isinstance(count, int) or count <= current:
            raise InvalidRequest(
                f"The topic has {current} partitions; the new total must be larger (Kafka cannot remove partitions).",
                field="count",
            )
        admin.create_partitions({name: NewPartitions(total_count=count)})
        return current

    with AuditEntry.track(actor, "add_partitions", cluster=cluster, target=name, details=details):
        return kafka_clients.run_admin(cluster, apply, timeout_s=15)


def delete_topic(cluster, name, *, actor):
    def apply(admin):
        if kafka_admin.existing_topic(admin, name)["is_internal"]:
            raise InvalidRequest(f"{name} is an internal topic; Kafka needs it, so Strom will not delete it.",
                                 field="name")
        admin.delete_topics([name])

    with AuditEntry.track(actor, "delete_topic", cluster=cluster, target=name):
        kafka_clients.run_admin(cluster, apply, timeout_s=15)
