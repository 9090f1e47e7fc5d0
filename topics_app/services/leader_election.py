"""Leader election for a topic's partitions: preferred (the first replica leads again) or unclean (a replica out
of the in-sync set may lead a partition that has no leader, losing the records it lacks).

A preview says what an election would do; a preferred election on a partition whose preferred leader is down is
refused, naming the partition, before anything is sent.
"""
import time
from dataclasses import dataclass

from topics_app import kafka_admin, kafka_clients
from topics_app.errors import Conflict, InvalidRequest, NotFound
from topics_app.models import AuditEntry

ELECTION_TYPES = tuple(kafka_admin.ELECTION_TYPES)
ELECTED, NOT_NEEDED, FAILED = "elected", "already preferred", "error"


@dataclass
class ElectionRow:
    partition: int
    leader: int
    preferred: int
    replicas: list[int]
    isr: list[int]
    preferred_up: bool
    result: str = ""        # elected | already preferred | error; a preview: what it would be
    detail: str = ""
    leader_after: int | None = None


@dataclass
class Election:
    topic: str
    type: str
    dry_run: bool
    partitions: list[ElectionRow]


def expected_outcome(row, election_type):
    """(result, words) a preview shows for one partition."""
    if election_type == "preferred":
        if row.leader == row.preferred:
            return NOT_NEEDED, f"broker {row.preferred}, the preferred leader, already leads."
        if not row.preferred_up:
            return FAILED, f"the preferred leader, broker {row.preferred}, is down."
        if row.preferred not in row.isr:
            return FAILED, f"the preferred leader, broker {row.preferred}, is not in sync; Kafka will refuse."
        return ELECTED, f"leadership moves from broker {row.leader} to broker {row.preferred}."
    if row.leader >= 0:
        return NOT_NEEDED, f"broker {row.leader} leads; an unclean election only fills a partition with no leader."
    return ELECTED, "a live replica that may lack records becomes leader; the records it lacks are lost."


def outcome_words(error, election_type):
    """(result, words) for Kafka's answer about one partition."""
    if error is None:
        return ELECTED, "a new leader was elected."
    if error is kafka_admin.ElectionNotNeededError:
        if election_type == "preferred":
            return NOT_NEEDED, "the preferred leader already leads."
        return NOT_NEEDED, "the partition has a leader; nothing to elect."
    words = {
        "PreferredLeaderNotAvailableError": "the preferred leader is not available (down or not in sync).",
        "EligibleLeadersNotAvailableError": "no replica that may lead is alive.",
        "UnknownTopicOrPartitionError": "Kafka does not know this partition.",
        "InvalidReplicationFactorError": "Kafka refused: the partition's replicas are not valid.",
    }
    return FAILED, words.get(error.__name__, kafka_clients.broker_message(error()) or error.__name__)


def _checked(election_type, partitions):
    if election_type not in ELECTION_TYPES:
        raise InvalidRequest(f"'type' must be one of {', '.join(ELECTION_TYPES)}.", field="type")
    if partitions is None:
        return None
    if not isinstance(partitions, (list, tuple)) or not all(
            isinstance(p, int) and not isinstance(p, bool) for p in partitions):
        raise InvalidRequest("Partitions must be a list of partition numbers, or null for all.", field="partitions")
    return sorted(set(partitions)) or None


def _rows(admin, topic, partitions):
    described = admin.describe_topics([topic])
    if not described or described[0].get("error_code"):
        raise NotFound(f"There is no topic named {topic!r}.", field="topic")
    live = {b["broker_id"] for b in admin.describe_cluster()["brokers"]}
    found = {p["partition_index"]: p for p in described[0]["partitions"]}
    chosen = partitions if partitions is not None else sorted(found)
    missing = [p for p in chosen if p not in found]
    if missing:
        raise NotFound(f"Topic {topic!r} has no partition {', '.join(map(str, missing))} "
                       f"(it has 0–{max(found)}).", field="partitions")
    rows = []
    for number in chosen:
        p = found[number]
        preferred = p["replica_nodes"][0]
        rows.append(ElectionRow(partition=number, leader=p["leader_id"], preferred=preferred,
                                replicas=list(p["replica_nodes"]), isr=list(p["isr_nodes"]),
                                preferred_up=preferred in live and preferred not in p.get("offline_replicas", [])))
    return rows


def _refuse_down_preferred(rows, election_type):
    if election_type != "preferred":
        return
    down = [r for r in rows if not r.preferred_up and r.leader != r.preferred]
    if down:
        named = "; ".join(f"partition {r.partition} (broker {r.preferred})" for r in down)
        raise Conflict(f"The preferred leader is down for {named}: a preferred election cannot move leadership "
                       f"to a broker that is down. Start the broker, or leave these partitions out.",
                       field="partitions")


# The broker asked next may not have the new leaders in its metadata yet: read them again this long.
LEADERS_SETTLE_S = 3


def _leaders_after(admin, topic, elected):
    """{partition: leader} once each elected partition shows its new leader (None: any live one), or after
    LEADERS_SETTLE_S as it is then."""
    deadline = time.monotonic() + LEADERS_SETTLE_S
    while True:
        after = {p["partition_index"]: p["leader_id"] for p in admin.describe_topics([topic])[0]["partitions"]}
        if all(after.get(p) == leader if leader is not None else after.get(p, -1) >= 0
               for p, leader in elected.items()) or time.monotonic() > deadline:
            return after
        time.sleep(0.1)


def plan(cluster, topic, partitions, election_type):
    """What an election would do per partition, changing nothing."""
    partitions = _checked(election_type, partitions)
    rows = kafka_clients.run_admin(cluster, lambda admin: _rows(admin, topic, partitions), timeout_s=15)
    for row in rows:
        row.result, row.detail = expected_outcome(row, election_type)
    return Election(topic=topic, type=election_type, dry_run=True, partitions=rows)


def elect(cluster, topic, partitions, election_type, *, actor):
    """Run the election; each partition says whether it elected a leader, needed none, or failed and why."""
    details = {"type": election_type, "partitions": partitions}
    with AuditEntry.track(actor, "elect_leaders", cluster=cluster, target=topic, details=details):
        chosen = _checked(election_type, partitions)

        def run(admin):
            rows = _rows(admin, topic, chosen)
            _refuse_down_preferred(rows, election_type)
            answers = kafka_admin.elect_leaders(admin, election_type, {topic: [r.partition for r in rows]})
            elected = {r.partition: r.preferred if election_type == "preferred" else None
                       for r in rows if answers.get((topic, r.partition)) is None}
            after = _leaders_after(admin, topic, elected)
            for row in rows:
                row.result, row.detail = outcome_words(answers.get((topic, row.partition)), election_type)
                row.leader_after = after.get(row.partition)
            return rows

        rows = kafka_clients.run_admin(cluster, lambda admin: kafka_admin.settled(lambda: run(admin)), timeout_s=20)
        details["results"] = {str(r.partition): [r.result, r.leader, r.leader_after] for r in rows}
    return Election(topic=topic, type=election_type, dry_run=False, partitions=rows)
