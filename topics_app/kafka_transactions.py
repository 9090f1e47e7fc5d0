"""Transaction requests (KIP-664) on a client `kafka_clients.run_admin` hands out: the transactions the coordinators
know, the producers each partition's leader knows, the admin abort, and last stable offsets.

kafka-python's describe_producers and describe_transactions raise on the first partition or id that errs; a
partition without a leader, or a transactional id that expired between listing and describing, must only leave
that one out, so these ask per leader and per id and keep what answered.
"""
from collections import defaultdict
from typing import NamedTuple

import kafka.errors as kafka_errors
from kafka.admin._transactions import AbortTransactionSpec
from kafka.protocol.admin.transactions import DescribeProducersRequest
from kafka.protocol.consumer.offsets import IsolationLevel
from kafka.structs import TopicPartition

from topics_app.kafka_clients import UNREACHABLE_ERRORS, OffsetSpec


class TransactionFound(NamedTuple):
    transactional_id: str
    coordinator_id: int
    state: str
    producer_id: int
    producer_epoch: int
    timeout_ms: int
    started_ms: int
    """-1 while no transaction is open."""
    partitions: list[tuple[str, int]]


class ProducerFound(NamedTuple):
    topic: str
    partition: int
    producer_id: int
    producer_epoch: int
    last_sequence: int
    last_timestamp_ms: int
    coordinator_epoch: int
    open_transaction_offset: int
    """The offset the producer's open transaction began at on this partition; -1 when none is open."""


def transactions(admin):
    """Every transactional id the coordinators know, described; ids gone between the two requests are left out."""
    ids = sorted({found.transactional_id for on_broker in _listed(admin).values() for found in on_broker})
    if not ids:
        return []
    try:
        described = admin.describe_transactions(ids)
    except kafka_errors.BrokerResponseError:
        described = {}
        for transactional_id in ids:
            try:
                described.update(admin.describe_transactions([transactional_id]))
            except kafka_errors.BrokerResponseError:
                continue
    return [TransactionFound(transactional_id=transactional_id, coordinator_id=found.coordinator_id,
                             state=found.state.value, producer_id=found.producer_id,
                             producer_epoch=found.producer_epoch, timeout_ms=found.transaction_timeout_ms,
                             started_ms=found.transaction_start_time_ms,
                             partitions=sorted((tp.topic, tp.partition) for tp in found.topic_partitions))
            for transactional_id, found in sorted(described.items())]


def _listed(admin):
    """ListTransactions asks every broker; a dead one (not yet fenced) leaves out only the ids it coordinates,
    which move to a live coordinator once Kafka fails over."""
    try:
        return admin.list_transactions()
    except UNREACHABLE_ERRORS:
        pass
    listed = {}
    for broker in admin.describe_cluster()["brokers"]:
        try:
            listed.update(admin.list_transactions(broker_ids=[broker["broker_id"]]))
        except UNREACHABLE_ERRORS:
            continue
    return listed


def _send(admin, request, node_id):
    async def call():
        return await admin._manager.send(request, node_id=node_id)

    return admin._manager.run(call)


def partition_leaders(admin, topics=None):
    """{(topic, partition): leader id} of the named topics (every topic when None); leaderless ones left out."""
    described = admin.describe_topics(sorted(topics) if topics is not None else None)
    return {(topic["name"], partition["partition_index"]): partition["leader_id"]
            for topic in described if not topic["error_code"]
            for partition in topic["partitions"] if partition["leader_id"] is not None and partition["leader_id"] >= 0}


def producers(admin, leaders):
    """The active producers of each partition in `leaders` ({(topic, partition): leader id}), asked of its
    leader: [ProducerFound]. A partition whose leader errs or cannot be reached is left out."""
    by_leader = defaultdict(lambda: defaultdict(list))
    for (topic, partition), leader in leaders.items():
        by_leader[leader][topic].append(partition)
    found = []
    for leader, partitions_by_topic in by_leader.items():
        topics = [DescribeProducersRequest.TopicRequest(name=topic, partition_indexes=sorted(partitions))
                  for topic, partitions in sorted(partitions_by_topic.items())]
        try:
            response = _send(admin, DescribeProducersRequest(topics=topics), leader)
        except UNREACHABLE_ERRORS:
            continue
        for topic in response.topics:
            for partition in topic.partitions:
                if partition.error_code:
                    continue
                found.extend(ProducerFound(
                    topic=topic.name, partition=partition.partition_index, producer_id=active.producer_id,
                    producer_epoch=active.producer_epoch, last_sequence=active.last_sequence,
                    last_timestamp_ms=active.last_timestamp, coordinator_epoch=active.coordinator_epoch,
                    open_transaction_offset=active.current_txn_start_offset)
                    for active in partition.active_producers)
    return sorted(found)


def abort(admin, topic, partition, producer_id, producer_epoch, coordinator_epoch):
    """Write an abort marker for the producer's open transaction on the partition, as its coordinator would."""
    admin.abort_transaction(AbortTransactionSpec(topic_partition=TopicPartition(topic, partition),
                                                 producer_id=producer_id, producer_epoch=producer_epoch,
                                                 coordinator_epoch=coordinator_epoch))


def last_stable_offsets(admin, partitions):
    """{TopicPartition: last stable offset}: where a read_committed consumer must stop, the first offset of the
    oldest transaction still open on the partition (the log end when none is)."""
    if not partitions:
        return {}
    answered = admin.list_partition_offsets({tp: OffsetSpec.LATEST for tp in partitions},
                                            isolation_level=IsolationLevel.READ_COMMITTED)
    return {tp: found.offset for tp, found in answered.items()}
