"""Transactions: what the coordinators know of each transactional id, the producers each partition's leader knows,
hanging transactions and their abort.

A transaction is hanging when a partition still holds it open (its leader lists the producer with an open
transaction) longer than the transaction's timeout. Its coordinator should have aborted it by then; while it does
not, the partition's last stable offset stays at the transaction's first record and every read_committed consumer
of the partition stops there. Kafka's `kafka-transactions find-hanging` looks only for the partitions whose
coordinator has lost track of the transaction; Strom also counts those whose coordinator still lists it as
ongoing past its timeout, since for the consumers the effect is the same.
"""
import re
import time
from dataclasses import dataclass, field

from topics_app import kafka_clients, kafka_transactions
from topics_app.errors import InvalidRequest
from topics_app.models import AuditEntry
from topics_app.topic_rules import INT_MAX, TOPIC_NAME

# Kafka's default transaction.max.timeout.ms: no transaction may ask for longer, so a partition's open transaction
# whose coordinator does not know it is hanging once it is older than this (kafka-transactions find-hanging's rule).
MAX_TRANSACTION_TIMEOUT_MS = 900_000
# The transactional ids of a replay job's parts (streams_app names them; this side only recognises them).
REPLAY_TRANSACTION = re.compile(r"^strom-replay-(\d+)-\d+$")
OPEN_STATES = {"Ongoing", "PrepareCommit", "PrepareAbort", "PrepareEpochFence"}
SHORT_MAX = 2**15 - 1


@dataclass
class TransactionPartition:
    topic: str
    partition: int


@dataclass
class Transaction:
    transactional_id: str
    state: str
    producer_id: int
    producer_epoch: int
    partitions: list[TransactionPartition]
    started_ms: int | None
    """When the open transaction began (the coordinator's clock); None when none is open."""
    timeout_ms: int
    hanging: bool
    coordinator_id: int
    replay_job_id: int | None = None
    """The Strom replay job whose part this transactional id is, if any."""


@dataclass
class Producer:
    """An active producer of a partition, as the partition's leader knows it (kafka-transactions describe-producers)."""
    topic: str
    partition: int
    producer_id: int
    producer_epoch: int
    last_sequence: int
    last_timestamp_ms: int
    coordinator_epoch: int
    open_transaction_offset: int | None
    """Where its open transaction began on this partition; None when it has none open."""
    transactional_id: str | None = None
    open_ms: int | None = None
    """How long its transaction has been open."""
    timeout_ms: int | None = None
    hanging: bool = False


@dataclass
class TransactionsOverview:
    transactions: list[Transaction]
    hanging: list[Producer] = field(default_factory=list)
    """One row per partition a hanging transaction holds open: what an abort names."""


@dataclass
class AbortTarget:
    topic: str
    partition: int
    producer_id: int
    producer_epoch: int
    coordinator_epoch: int


def replay_job_of(transactional_id):
    found = REPLAY_TRANSACTION.match(transactional_id)
    return int(found.group(1)) if found else None


def _producers(found_producers, found_transactions, now_ms):
    """Producer rows with their transaction's id, age, timeout and whether it hangs."""
    by_producer = {(t.producer_id, t.producer_epoch): t for t in found_transactions}
    by_producer_id = {t.producer_id: t for t in found_transactions}
    rows = []
    for found in found_producers:
        row = Producer(topic=found.topic, partition=found.partition, producer_id=found.producer_id,
                       producer_epoch=found.producer_epoch, last_sequence=found.last_sequence,
                       last_timestamp_ms=found.last_timestamp_ms, coordinator_epoch=found.coordinator_epoch,
                       open_transaction_offset=found.open_transaction_offset
                       if found.open_transaction_offset >= 0 else None)
        transaction = (by_producer.get((found.producer_id, found.producer_epoch))
                       or by_producer_id.get(found.producer_id))
        if transaction is not None:
            row.transactional_id = transaction.transactional_id
        if row.open_transaction_offset is not None:
            known = (transaction is not None and transaction.state in OPEN_STATES and transaction.started_ms >= 0
                     and (found.topic, found.partition) in transaction.partitions)
            # A transaction its coordinator still holds open dates from its start there; one it lost track of,
            # from the producer's last write to the partition, as kafka-transactions find-hanging counts.
            row.open_ms = max(0, now_ms - (transaction.started_ms if known else found.last_timestamp_ms))
            row.timeout_ms = transaction.timeout_ms if known else MAX_TRANSACTION_TIMEOUT_MS
            row.hanging = row.open_ms > row.timeout_ms
        rows.append(row)
    return rows


def _transaction_rows(found_transactions, producer_rows):
    hanging_ids = {row.producer_id for row in producer_rows if row.hanging}
    return [Transaction(
        transactional_id=found.transactional_id, state=found.state, producer_id=found.producer_id,
        producer_epoch=found.producer_epoch,
        partitions=[TransactionPartition(topic, partition) for topic, partition in found.partitions],
        started_ms=found.started_ms if found.started_ms >= 0 else None, timeout_ms=found.timeout_ms,
        hanging=found.state in OPEN_STATES and found.producer_id in hanging_ids,
        coordinator_id=found.coordinator_id, replay_job_id=replay_job_of(found.transactional_id),
    ) for found in found_transactions]


def overview(cluster):
    """Every transactional id with its state, and every partition a hanging transaction holds open.

    The hanging ones come from every partition leader's producers (one request per broker), so that a
    transaction its coordinator has lost track of is found too.
    """

    def fetch(admin):
        found_transactions = kafka_transactions.transactions(admin)
        found_producers = kafka_transactions.producers(admin, kafka_transactions.partition_leaders(admin))
        return found_transactions, found_producers

    found_transactions, found_producers = kafka_clients.run_admin(cluster, fetch)
    producer_rows = _producers(found_producers, found_transactions, _now_ms())
    return TransactionsOverview(transactions=_transaction_rows(found_transactions, producer_rows),
                                hanging=[row for row in producer_rows if row.hanging])


def topic_producers(cluster, topic):
    """The active producers of each partition of `topic` (NotFound when there is no such topic)."""
    kafka_clients.topic_partitions(cluster, topic)

    def fetch(admin):
        found_transactions = kafka_transactions.transactions(admin)
        leaders = kafka_transactions.partition_leaders(admin, [topic])
        return found_transactions, kafka_transactions.producers(admin, leaders)

    found_transactions, found_producers = kafka_clients.run_admin(cluster, fetch)
    return _producers(found_producers, found_transactions, _now_ms())


def _now_ms():
    return int(time.time() * 1000)


# ---------------------------------------------------------------- aborting


def _whole_number(data, name, low, high):
    raw = data.get(name)
    if raw is None or str(raw).strip() == "":
        raise InvalidRequest(f"{name} is required.", field=name)
    if isinstance(raw, bool) or not re.fullmatch(r"-?\d+", str(raw).strip()):
        raise InvalidRequest(f"{name} must be a whole number.", field=name)
    value = int(str(raw).strip())
    if not low <= value <= high:
        raise InvalidRequest(f"{name} must be between {low} and {high}.", field=name)
    return value


def abort_target(data):
    """The partition and producer an abort names, from a form's or the API's fields; a refusal names the field."""
    if not hasattr(data, "get"):
        raise InvalidRequest("The body must be an object with topic, partition, producer_id, producer_epoch and "
                             "coordinator_epoch.", field="topic")
    topic = data.get("topic")
    if not isinstance(topic, str) or not topic.strip():
        raise InvalidRequest("topic is required.", field="topic")
    if not TOPIC_NAME.match(topic) or topic in (".", ".."):
        raise InvalidRequest(f"{topic!r} is not a topic name.", field="topic")
    return AbortTarget(topic=topic, partition=_whole_number(data, "partition", 0, INT_MAX),
                       producer_id=_whole_number(data, "producer_id", 0, 2**63 - 1),
                       producer_epoch=_whole_number(data, "producer_epoch", 0, SHORT_MAX),
                       coordinator_epoch=_whole_number(data, "coordinator_epoch", -1, INT_MAX))


def hanging_producer(cluster, target):
    """The producer row `target` names, if its transaction on the partition is hanging; otherwise a refusal
    naming the field that does not match."""
    where = f"{target.topic}-{target.partition}"
    rows = [row for row in topic_producers(cluster, target.topic) if row.partition == target.partition]
    if not rows and target.partition not in kafka_clients.topic_partitions(cluster, target.topic):
        raise InvalidRequest(f"{target.topic} has no partition {target.partition}.", field="partition")
    row = next((row for row in rows if row.producer_id == target.producer_id), None)
    if row is None or row.open_transaction_offset is None:
        raise InvalidRequest(f"Producer {target.producer_id} has no open transaction on {where}.",
                             field="producer_id")
    if row.producer_epoch != target.producer_epoch:
        raise InvalidRequest(f"Producer {target.producer_id} is at epoch {row.producer_epoch} on {where}, "
                             f"not {target.producer_epoch}.", field="producer_epoch")
    if row.coordinator_epoch != target.coordinator_epoch:
        raise InvalidRequest(f"The partition's leader knows coordinator epoch {row.coordinator_epoch} for this "
                             f"producer, not {target.coordinator_epoch}.", field="coordinator_epoch")
    if not row.hanging:
        raise InvalidRequest(
            f"The transaction of producer {target.producer_id} on {where} is not hanging: open "
            f"{row.open_ms // 1000} s of its {row.timeout_ms // 1000} s timeout. Its coordinator commits or aborts "
            f"it; Strom aborts only a transaction held open past its timeout.", field="producer_id")
    return row


def abort_transaction(cluster, target, *, actor):
    """Abort a hanging transaction on one partition (an abort marker, as its coordinator would write); audited.
    The partition's last stable offset moves past it and read_committed consumers go on."""
    details = {"producer_id": target.producer_id, "producer_epoch": target.producer_epoch,
               "coordinator_epoch": target.coordinator_epoch}
    with AuditEntry.track(actor, "abort_transaction", cluster=cluster,
                          target=f"{target.topic}-{target.partition}", details=details):
        row = hanging_producer(cluster, target)
        details["transactional_id"] = row.transactional_id
        kafka_clients.run_admin(cluster, lambda admin: kafka_transactions.abort(
            admin, target.topic, target.partition, target.producer_id, target.producer_epoch,
            target.coordinator_epoch))
    return row
