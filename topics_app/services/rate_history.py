"""Throughput over time: messages/s written to each topic (growth of its log-end offsets) and consumed by each
group (growth of its committed offsets), from the samples the lag sampler stores.

A rate is the growth between two samples divided by the seconds between them. A partition whose offset went
down (the topic was deleted and made again) or was not known at one of the two moments adds nothing.
"""
from dataclasses import dataclass, field

from topics_app import kafka_admin, kafka_clients
from topics_app.kafka_clients import OffsetSpec, TopicPartition
from topics_app.models import LagSample, TopicOffsetSample
from topics_app.services.history_windows import bounds


@dataclass
class RatePoint:
    at: object
    total: float
    series: dict = field(default_factory=dict)
    """messages/s per partition (a topic's history) or per topic (a group's)."""


@dataclass
class RateHistory:
    subject: str
    window: str
    start: object
    end: object
    series: list
    points: list[RatePoint]


# ---------------------------------------------------------------- sampling


def _end_offsets(admin):
    """{topic: [log-end offset per partition]} of every topic that is not internal, one request per leader."""
    topics = [t for t in kafka_admin.all_topics(admin) if not t["is_internal"]]
    led = {}
    for topic in topics:
        for p in topic["partitions"]:
            if p["leader_id"] >= 0:
                led.setdefault(p["leader_id"], []).append(TopicPartition(topic["name"], p["partition_index"]))
    answers = kafka_admin.concurrently(admin, [
        kafka_admin.offsets_step(admin, leader, dict.fromkeys(tps, OffsetSpec.LATEST)) for leader, tps in led.items()])
    # A leader that cannot be reached or has just moved leaves its partitions unknown for this sample only.
    ends = {}
    for answer in answers:
        if isinstance(answer, dict):
            ends.update(answer)
    return {
        topic["name"]: [ends.get(TopicPartition(topic["name"], index))
                        for index in range(1 + max((p["partition_index"] for p in topic["partitions"]), default=-1))]
        for topic in topics
    }


def sample_cluster(cluster, now):
    """Store every topic's log-end offsets at `now`; returns the number of rows."""
    ends = kafka_clients.run_admin(cluster, _end_offsets, timeout_s=30)
    rows = [TopicOffsetSample(cluster=cluster, topic=topic, at=now, end_offsets=offsets)
            for topic, offsets in ends.items()]
    TopicOffsetSample.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


# ---------------------------------------------------------------- rates


def growth(before, after, seconds):
    """messages/s per key between two {key: offset} readings; keys unknown or shrunk at either are left out."""
    return {key: (after[key] - before[key]) / seconds for key in after
            if after[key] is not None and before.get(key) is not None and after[key] >= before[key]}


def _rates(readings, start, bucket_s):
    """Points from [(at, {key: offset})] oldest first: each bucket's rate runs from the last reading before it
    (the very first reading, for the first bucket) to its own last reading, so nothing between two buckets is
    lost and a bucket is its mean, not a peak."""
    last_in_bucket = {}
    for at, offsets in readings:
        last_in_bucket[int((at - start).total_seconds() // bucket_s)] = (at, offsets)
    points, previous = [], readings[0] if readings else None
    for key in sorted(last_in_bucket):
        at, offsets = last_in_bucket[key]
        if at > previous[0]:
            seconds = (at - previous[0]).total_seconds()
            rates = {k: round(v, 1) for k, v in growth(previous[1], offsets, seconds).items()}
            points.append(RatePoint(at=at, total=round(sum(rates.values()), 1), series=rates))
        previous = at, offsets
    return points


def _first_before(queryset, start):
    """The reading time just before the window, so its first bucket has a rate too."""
    return queryset.filter(at__lt=start).order_by("-at").values_list("at", flat=True).first()


def topic_history(cluster, topic, window, now=None):
    """A topic's messages/s in, in total and per partition, over the window."""
    start, end, bucket_s = bounds(window, now)
    samples = TopicOffsetSample.objects.filter(cluster=cluster, topic=topic)
    since = _first_before(samples, start) or start
    readings = [(at, dict(enumerate(offsets)))
                for at, offsets in samples.filter(at__gte=since, at__lte=end).order_by("at")
                .values_list("at", "end_offsets")]
    points = _rates(readings, since, bucket_s)
    partitions = sorted({p for point in points for p in point.series})
    return RateHistory(subject=topic, window=window, start=start, end=end, series=partitions,
                       points=[p for p in points if p.at >= start])


def group_history(cluster, group_id, window, now=None):
    """A group's messages/s consumed, in total and per topic, over the window."""
    start, end, bucket_s = bounds(window, now)
    samples = LagSample.objects.filter(cluster=cluster, group_id=group_id, committed__isnull=False)
    since = _first_before(samples, start) or start
    by_time = {}
    for at, topic, committed in (samples.filter(at__gte=since, at__lte=end).order_by("at")
                                 .values_list("at", "topic", "committed")):
        by_time.setdefault(at, {})[topic] = committed
    points = _rates(sorted(by_time.items(), key=lambda item: item[0]), since, bucket_s)
    topics = sorted({t for point in points for t in point.series})
    return RateHistory(subject=group_id, window=window, start=start, end=end, series=topics,
                       points=[p for p in points if p.at >= start])


def current_rates(cluster):
    """{topic: messages/s in} between the cluster's last two samples; topics not in both are absent."""
    times = list(TopicOffsetSample.objects.filter(cluster=cluster).order_by("-at")
                 .values_list("at", flat=True).distinct()[:2])
    if len(times) < 2:
        return {}
    latest, before = times
    readings = {at: {} for at in times}
    for at, topic, offsets in (TopicOffsetSample.objects.filter(cluster=cluster, at__in=times)
                               .values_list("at", "topic", "end_offsets")):
        readings[at][topic] = offsets
    seconds = (latest - before).total_seconds()
    return {
        topic: round(sum(growth(dict(enumerate(readings[before][topic])), dict(enumerate(offsets)), seconds)
                         .values()), 1)
        for topic, offsets in readings[latest].items() if topic in readings[before]
    }
