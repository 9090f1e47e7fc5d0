"""What Kafka must answer before a seek mode can be decided (positions.py decides it).

Two ways to ask: through a consumer the caller already holds (a replay's plan, which reads committed records
only, so its ends are the last stable offsets), or through the cluster's shared admin client (the live viewer:
hundreds of sockets may connect at once, and none should make a consumer just to ask; browsing: the admin
client's connections are open, a new consumer's are not). All answers are {partition: ...}.
"""
from streams_app.services import positions
from topics_app import kafka_clients
from topics_app.kafka_clients import OffsetSpec, TopicPartition


def consumer_bounds(cluster, consumer, topic, partitions):
    """{partition: (first offset, log end)}."""
    tps = [TopicPartition(topic, p) for p in partitions]
    firsts = kafka_clients.call(cluster, lambda: consumer.beginning_offsets(tps))
    ends = kafka_clients.call(cluster, lambda: consumer.end_offsets(tps))
    return {tp.partition: (firsts[tp], ends[tp]) for tp in tps}


def consumer_times(cluster, consumer, topic, partitions, timestamp):
    """{partition: offset of the first record at or after `timestamp`, or None}."""
    tps = [TopicPartition(topic, p) for p in partitions]
    found = kafka_clients.call(cluster, lambda: consumer.offsets_for_times({tp: timestamp for tp in tps}))
    return {tp.partition: (None if found.get(tp) is None else found[tp].offset) for tp in tps}


def admin_offsets(cluster, topic, partitions, spec):
    """{partition: offset} for an OffsetSpec or a timestamp; -1 where Kafka has none."""
    tps = [TopicPartition(topic, p) for p in partitions]
    found = kafka_clients.run_admin(cluster, lambda admin: admin.list_partition_offsets({tp: spec for tp in tps}))
    return {tp.partition: hit.offset for tp, hit in found.items()}


def admin_bounds(cluster, topic, partitions):
    """{partition: (first offset, log end)}, through the shared admin client: its connections are open already,
    where a new consumer's first requests open their own (a tenth of a second of a page read)."""
    firsts, ends = admin_firsts(cluster, topic, partitions), admin_ends(cluster, topic, partitions)
    return {p: (firsts[p], ends[p]) for p in partitions}


def admin_firsts(cluster, topic, partitions):
    return admin_offsets(cluster, topic, partitions, OffsetSpec.EARLIEST)


def admin_ends(cluster, topic, partitions):
    return admin_offsets(cluster, topic, partitions, OffsetSpec.LATEST)


def admin_times(cluster, topic, partitions, timestamp):
    """{partition: offset of the first record at or after `timestamp`, or None}."""
    found = admin_offsets(cluster, topic, partitions, timestamp)
    return {p: (None if offset is None or offset < 0 else offset) for p, offset in found.items()}


def seek_by_consumer(cluster, consumer, topic, bounds, seek):
    """positions.offsets of `seek`, asking Kafka through `consumer` only for a timestamp."""
    times = None
    if seek.timestamp is not None:
        times = consumer_times(cluster, consumer, topic, list(bounds), seek.timestamp)
    return positions.offsets(seek, bounds, times)


def seek_by_admin(cluster, topic, bounds, seek):
    """positions.offsets of `seek`, asking Kafka through the shared admin client only for a timestamp."""
    times = None
    if seek.timestamp is not None:
        times = admin_times(cluster, topic, list(bounds), seek.timestamp)
    return positions.offsets(seek, bounds, times)
