"""A partition's open transaction is hanging once it is older than its timeout: the coordinator's start and the
transaction's own timeout while the coordinator still has it with that partition, else the producer's last write
and Kafka's longest allowed timeout (kafka-transactions find-hanging's rule)."""
from topics_app.kafka_transactions import ProducerFound, TransactionFound
from topics_app.services.transactions import MAX_TRANSACTION_TIMEOUT_MS, _producers, _transaction_rows

NOW = 10_000_000


def producer(open_offset=5, last_write=NOW - 1_000, producer_id=7):
    return ProducerFound(topic="t", partition=0, producer_id=producer_id, producer_epoch=1, last_sequence=3,
                         last_timestamp_ms=last_write, coordinator_epoch=2, open_transaction_offset=open_offset)


def transaction(started, state="Ongoing", partitions=(("t", 0),), timeout=60_000):
    return TransactionFound(transactional_id="tx", coordinator_id=1, state=state, producer_id=7, producer_epoch=1,
                            timeout_ms=timeout, started_ms=started, partitions=list(partitions))


def test_an_open_transaction_within_its_timeout_is_not_hanging():
    [row] = _producers([producer()], [transaction(started=NOW - 59_000)], NOW)

    assert (row.transactional_id, row.open_ms, row.timeout_ms, row.hanging) == ("tx", 59_000, 60_000, False)


def test_an_open_transaction_past_its_timeout_hangs_and_flags_its_transactional_id():
    found = [transaction(started=NOW - 61_000)]
    rows = _producers([producer()], found, NOW)
    [listed] = _transaction_rows(found, rows)

    assert rows[0].hanging and rows[0].open_ms == 61_000
    assert listed.hanging and listed.partitions[0].topic == "t"


def test_a_transaction_its_coordinator_lost_is_timed_from_the_last_write_against_the_longest_timeout():
    lost = [transaction(started=NOW - 61_000, state="CompleteAbort", partitions=())]
    recent = _producers([producer(last_write=NOW - MAX_TRANSACTION_TIMEOUT_MS + 1)], lost, NOW)
    old = _producers([producer(last_write=NOW - MAX_TRANSACTION_TIMEOUT_MS - 1)], lost, NOW)

    assert recent[0].timeout_ms == old[0].timeout_ms == MAX_TRANSACTION_TIMEOUT_MS
    assert not recent[0].hanging and old[0].hanging
    assert not _transaction_rows(lost, old)[0].hanging  # the coordinator holds no transaction open for it


def test_a_producer_with_no_open_transaction_never_hangs():
    [row] = _producers([producer(open_offset=-1, last_write=0)], [], NOW)

    assert row.open_transaction_offset is None and row.hanging is False and row.transactional_id is None
