"""Brokers and the metadata quorum: one row per broker, a broker's configs, and editing dynamic configs per
broker or for the cluster-wide default.

A node that is stopped is still listed, as down: its registration (DescribeCluster with fenced brokers) and the
quorum's voters and observers say it exists, while only live brokers answer requests. The active controller is
the quorum's leader (in KRaft, DescribeCluster's controller id names any live broker, not the controller).
"""
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

from topics_app import kafka_admin, kafka_clients
from topics_app.errors import InvalidRequest, NotFound, ServiceError
from topics_app.models import AuditEntry
from topics_app.services.topic_configs import SOURCE_LABELS, SOURCES, ConfigChange

# The broker "id" that names the cluster-wide dynamic default (Kafka's broker resource with an empty name).
DEFAULT = "default"
# Which synonym holds a level's own override: a broker's, or the cluster-wide default's.
OVERRIDE_SOURCE = {"broker": "DYNAMIC_BROKER_CONFIG", DEFAULT: "DYNAMIC_DEFAULT_BROKER_CONFIG"}
HIDDEN = "(hidden)"


@dataclass
class LogDir:
    path: str
    size_bytes: int
    total_bytes: int
    usable_bytes: int


@dataclass
class BrokerRow:
    id: int
    host: str | None
    port: int | None
    rack: str | None
    up: bool
    is_controller: bool
    voter: bool
    observer: bool
    quorum_lag: int | None
    partitions: int
    leaders: int
    under_replicated: int
    log_dirs: list[LogDir] = field(default_factory=list)

    @property
    def size_bytes(self):
        return sum(d.size_bytes for d in self.log_dirs)

    @property
    def usable_bytes(self):
        return sum(d.usable_bytes for d in self.log_dirs)


@dataclass
class QuorumReplica:
    id: int
    log_end_offset: int
    lag: int
    last_fetch_timestamp: int
    last_caught_up_timestamp: int

    @property
    def last_fetch(self):
        return _moment(self.last_fetch_timestamp)

    @property
    def last_caught_up(self):
        return _moment(self.last_caught_up_timestamp)


def _moment(millis):
    """A datetime for a quorum timestamp; None for -1, which Kafka sends when it has none."""
    return datetime.fromtimestamp(millis / 1000, tz=timezone.utc) if millis >= 0 else None


@dataclass
class Quorum:
    leader_id: int
    epoch: int
    high_watermark: int
    voters: list[QuorumReplica] = field(default_factory=list)
    observers: list[QuorumReplica] = field(default_factory=list)

    @property
    def max_follower_lag(self):
        return max((v.lag for v in self.voters), default=0)


@dataclass
class BrokerConfig:
    name: str
    value: str | None
    source: str
    is_default: bool
    read_only: bool
    sensitive: bool
    dynamic: bool
    # Whether the level being edited (this broker, or the cluster-wide default) overrides it, and with what value.
    overridden: bool = False
    override: str | None = None
    # What the config falls back to when that override is deleted.
    fallback: str | None = None
    config_type: str = ""
    documentation: str = ""

    @property
    def source_label(self):
        return SOURCE_LABELS.get(self.source, self.source)

    @property
    def current(self):
        """The value at the level being edited: its override, or what applies without one."""
        return self.override if self.overridden else self.fallback


@dataclass
class BrokerDetail(BrokerRow):
    configs: list[BrokerConfig] = field(default_factory=list)
    # Why the configs are missing (a broker that is down answers nothing); "" when they are there.
    configs_error: str = ""


def quorum_from(raw):
    partition = raw["topics"][0]["partitions"][0]
    leader_id = partition["leader_id"]
    leader_end = next((v["log_end_offset"] for v in partition["current_voters"] if v["replica_id"] == leader_id),
                      partition["high_watermark"])

    def replicas(states):
        # The lag as kafka-metadata-quorum describe --replication prints it: the leader's log end minus this one's.
        return sorted((QuorumReplica(id=s["replica_id"], log_end_offset=s["log_end_offset"],
                                     lag=max(leader_end - s["log_end_offset"], 0),
                                     last_fetch_timestamp=s["last_fetch_timestamp"],
                                     last_caught_up_timestamp=s["last_caught_up_timestamp"]) for s in states),
                      key=lambda r: r.id)

    return Quorum(leader_id=leader_id, epoch=partition["leader_epoch"], high_watermark=partition["high_watermark"],
                  voters=replicas(partition["current_voters"]), observers=replicas(partition["observers"]))


def describe_quorum(cluster):
    """The KRaft metadata quorum: leader, epoch, high watermark, and each voter's and observer's log end and lag."""
    return quorum_from(kafka_clients.run_admin(cluster, lambda admin: admin.describe_metadata_quorum()))


def _log_dirs(admin, broker_ids):
    """{broker id: [LogDir]} from each live broker; a broker that does not answer has none."""
    found = {}
    for broker_id in broker_ids:
        try:
            answer = admin.describe_log_dirs(brokers=[broker_id])
        except Exception:  # a broker that died since the metadata said it was up: shown without log dirs
            continue
        for broker in answer:
            found[broker["broker"]] = [
                LogDir(path=d["log_dir"], total_bytes=d.get("total_bytes", -1), usable_bytes=d.get("usable_bytes", -1),
                       size_bytes=sum(p["partition_size"] for t in d["topics"] for p in t["partitions"]))
                for d in broker["log_dirs"]
            ]
    return found


def broker_rows(info, quorum, topics, log_dirs):
    registered = {b["broker_id"]: b for b in info["brokers"]}
    voters = {v.id: v for v in quorum.voters}
    observers = {o.id: o for o in quorum.observers}
    rows = []
    for broker_id in sorted(set(registered) | set(voters) | set(observers)):
        registration = registered.get(broker_id, {})
        partitions = [p for t in topics for p in t["partitions"] if broker_id in p["replica_nodes"]]
        led = [p for p in partitions if p["leader_id"] == broker_id]
        in_quorum = voters.get(broker_id) or observers.get(broker_id)
        rows.append(BrokerRow(
            id=broker_id, host=registration.get("host"), port=registration.get("port"),
            rack=registration.get("rack"),
            up=bool(registration) and not registration.get("is_fenced", False),
            is_controller=broker_id == quorum.leader_id,
            voter=broker_id in voters, observer=broker_id in observers,
            quorum_lag=in_quorum.lag if in_quorum else None,
            partitions=len(partitions), leaders=len(led),
            under_replicated=sum(1 for p in led if len(p["isr_nodes"]) < len(p["replica_nodes"])),
            log_dirs=log_dirs.get(broker_id, []),
        ))
    return rows


def _fetch(admin):
    info = admin.describe_cluster()
    quorum = quorum_from(admin.describe_metadata_quorum())
    topics = kafka_admin.all_topics(admin)
    live = [b["broker_id"] for b in info["brokers"] if not b.get("is_fenced", False)]
    return info, quorum, topics, _log_dirs(admin, live)


def list_brokers(cluster):
    """One row per broker, live or not: endpoint, rack, up, controller, quorum role and lag, partitions and leaders
    it holds, under-replicated partitions it leads, and its log dirs' size and free space."""
    return broker_rows(*kafka_clients.run_admin(cluster, _fetch, timeout_s=20))


def brokers_and_quorum(cluster):
    """(the broker rows, the quorum) from one round of requests, for the brokers page."""
    info, quorum, topics, log_dirs = kafka_clients.run_admin(cluster, _fetch, timeout_s=20)
    return broker_rows(info, quorum, topics, log_dirs), quorum


def _broker_id(broker):
    try:
        return int(broker)
    except (TypeError, ValueError):
        raise NotFound(f"There is no broker {broker!r}: a broker is named by its id.", field="broker") from None


def _find(rows, broker_id, cluster):
    row = next((r for r in rows if r.id == broker_id), None)
    if row is None:
        raise NotFound(f"Cluster {cluster.name} has no broker {broker_id}.", field="broker")
    return row


def configs_from(raw, level):
    """BrokerConfigs from a DescribeConfigs answer; `override` is the value set at `level` (broker or DEFAULT)."""
    entries = []
    own_source = OVERRIDE_SOURCE[level]
    # Deleting a level's override leaves what the levels below it say; a broker's own override is above the
    # cluster-wide default, so it is not what the default falls back to.
    above_fallback = {own_source} if level == "broker" else set(OVERRIDE_SOURCE.values())
    for name, data in sorted(raw.items()):
        sensitive = data["is_sensitive"]
        synonyms = data.get("synonyms", [])
        own = next((s for s in synonyms if s["source"] == own_source), None)
        fallback = next((s["value"] for s in synonyms if s["source"] not in above_fallback), None)
        source = SOURCES.get(data["config_source"], data["config_source"].lower())
        entries.append(BrokerConfig(
            name=name,
            value=None if sensitive else data["value"],
            source=source,
            is_default=source == "default",
            read_only=data["read_only"],
            sensitive=sensitive,
            dynamic=not data["read_only"],
            overridden=own is not None,
            override=None if own is None or sensitive else own["value"],
            fallback=None if sensitive else fallback,
            config_type=data.get("config_type") or "",
            documentation=data.get("documentation") or "",
        ))
    return entries


def describe_broker(cluster, broker):
    """A broker's row and every config with its source, default, whether it can change without a restart, and
    sensitive values masked. A broker that is down is described without configs (it answers nothing)."""
    broker_id = _broker_id(broker)

    def fetch(admin):
        found = _fetch(admin)
        row = _find(broker_rows(*found), broker_id, cluster)
        if not row.up:
            return row, None, f"Broker {broker_id} is down: only a running broker reports its configs."
        try:
            return row, kafka_admin.describe_broker_configs(admin, str(broker_id)), ""
        except ServiceError:
            raise
        except Exception as error:  # it went down between the two requests
            return row, None, f"Broker {broker_id} did not answer: {kafka_clients.broker_message(error)}"

    row, raw, error = kafka_clients.run_admin(cluster, fetch, timeout_s=25)
    detail = BrokerDetail(**vars(row))
    detail.configs = configs_from(raw, "broker") if raw is not None else []
    detail.configs_error = error
    return detail


def default_configs(cluster):
    """The configs as the cluster-wide dynamic default sees them: every config of a live broker, with `override`
    the value set cluster-wide (None where none is) and `fallback` what applies without it."""

    def fetch(admin):
        return kafka_admin.describe_broker_configs(admin, described_broker(admin, cluster))

    return configs_from(kafka_clients.run_admin(cluster, fetch, timeout_s=15), DEFAULT)


def _target(broker):
    """(the resource name Kafka takes, the level) for a broker id or DEFAULT."""
    if broker == DEFAULT:
        return "", DEFAULT
    return str(_broker_id(broker)), level_of(broker)


def _field_in(message, changes):
    """The config a refusal from Kafka names, or "configs"."""
    named = [name for name in changes if name in message]
    return max(named, key=len) if named else "configs"


def _shown(entry, value):
    return HIDDEN if entry.sensitive and value is not None else value


def _plan(admin, cluster, broker, changes):
    """Check every change before any is made; return (resource name, [ConfigChange before → after])."""
    if not changes:
        raise InvalidRequest("Nothing to change: give at least one config.", field="configs")
    resource, level = _target(broker)
    if level == DEFAULT:
        described = described_broker(admin, cluster)
    else:
        row = _find(broker_rows(*_fetch(admin)), int(resource), cluster)
        if not row.up:
            raise InvalidRequest(f"Broker {row.id} is down; start it before changing its configs.", field="broker")
        described = resource
    entries = {e.name: e for e in configs_from(kafka_admin.describe_broker_configs(admin, described), level)}
    plan = []
    for name, value in changes.items():
        entry = entries.get(name)
        if entry is None:
            raise InvalidRequest(f"{name} is not a broker config Kafka knows.", field=name)
        if entry.read_only:
            raise InvalidRequest(f"{name} is read-only: it cannot change while the broker runs; set it in the "
                                 f"broker's server.properties and restart it.", field=name)
        if value is None and not entry.overridden:
            raise InvalidRequest(f"{name} has no override to delete here.", field=name)
        before = entry.current
        after = value if value is not None else entry.fallback
        plan.append(ConfigChange(name, _shown(entry, before), _shown(entry, after)))
    answer = kafka_admin.alter_broker_configs(admin, resource, changes, validate_only=True)
    if answer != "OK":
        message = kafka_clients.broker_message(answer)
        raise InvalidRequest(message, field=_field_in(message, changes))
    return resource, plan


def plan_config_changes(cluster, broker, changes):
    """What `changes` ({name: value, or None to delete the override}) would do, checked by Kafka (validate only)
    but not applied: [ConfigChange(name, before, after)]. `broker` is a broker id or DEFAULT."""
    return kafka_clients.run_admin(cluster, lambda admin: _plan(admin, cluster, broker, changes), timeout_s=25)[1]


def described_broker(admin, cluster):
    """The live broker whose configs stand for the cluster-wide default's (the lowest id)."""
    live = sorted(b["broker_id"] for b in admin.describe_cluster()["brokers"] if not b.get("is_fenced", False))
    if not live:
        raise kafka_clients.unreachable(cluster)
    return str(live[0])


def level_of(broker):
    return DEFAULT if broker == DEFAULT else "broker"


def _wait_until_reported(admin, described, level, changes, timeout_s=10):
    """Wait until the broker reports the changes: the controller accepts them first and the broker learns them a
    moment later, and a page shown before then would show the old values."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        entries = {e.name: e for e in configs_from(kafka_admin.describe_broker_configs(admin, described), level)}
        if all(entries[name].overridden == (value is not None)
               and (value is None or entries[name].sensitive or entries[name].override == value)
               for name, value in changes.items()):
            return
        time.sleep(0.2)


def _audited(changes, plan):
    hidden = {c.name for c in plan if HIDDEN in (c.before, c.after)}
    return {name: HIDDEN if name in hidden and value is not None else value for name, value in changes.items()}


def alter_broker_configs(cluster, broker, changes, *, actor):
    """Apply `changes` to a broker (or, with DEFAULT, cluster-wide) in one incremental request, after checking them
    all; audited. Returns [ConfigChange(name, before, after)]."""
    changes = dict(changes or {})
    target = "cluster-wide default" if broker == DEFAULT else f"broker {broker}"
    details = {"changes": {name: HIDDEN if value is not None else None for name, value in changes.items()}}

    def apply(admin):
        resource, plan = _plan(admin, cluster, broker, changes)
        details["changes"] = _audited(changes, plan)
        answer = kafka_admin.alter_broker_configs(admin, resource, changes)
        if answer != "OK":
            message = kafka_clients.broker_message(answer)
            raise InvalidRequest(message, field=_field_in(message, changes))
        _wait_until_reported(admin, resource or described_broker(admin, cluster), level_of(broker), changes)
        return plan

    with AuditEntry.track(actor, "alter_broker_configs", cluster=cluster, target=target, details=details):
        return kafka_clients.run_admin(cluster, apply, timeout_s=25)
