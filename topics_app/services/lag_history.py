"""Lag over time: periodic samples of every group's lag per topic, and the series the chart draws."""
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from topics_app import errors
from topics_app.models import Cluster, LagSample, TopicOffsetSample
from topics_app.services import groups, rate_history
from topics_app.services.history_windows import DEFAULT_WINDOW, WINDOWS, bounds  # noqa: F401 (the lag API's)

log = logging.getLogger(__name__)


@dataclass
class LagPoint:
    at: object
    total: int
    topics: dict[str, int] = field(default_factory=dict)


@dataclass
class LagHistory:
    group_id: str
    window: str
    start: object
    end: object
    topics: list[str]
    points: list[LagPoint]


def sample_cluster(cluster, now=None):
    """Store one sample per group and topic whose lag is known, and every topic's log-end offsets at the same
    moment; returns the number of rows."""
    now = now or timezone.now()
    rows = [
        LagSample(cluster=cluster, group_id=group.group_id, topic=topic, at=now, lag=lag,
                  committed=group.topic_committed.get(topic))
        for group in groups.list_groups(cluster)
        for topic, lag in group.topic_lags.items()
    ]
    LagSample.objects.bulk_create(rows, batch_size=1000)
    return len(rows) + rate_history.sample_cluster(cluster, now)


def prune(now=None):
    older_than = (now or timezone.now()) - timedelta(hours=settings.LAG_RETENTION_HOURS)
    return LagSample.objects.prune(older_than) + TopicOffsetSample.objects.prune(older_than)


def sample_all_clusters():
    """Sample every cluster that answers, then prune; one dead cluster does not stop the others."""
    written = 0
    for cluster in Cluster.objects.all():
        try:
            written += sample_cluster(cluster)
        except errors.ServiceError as error:
            log.warning("lag sampling skipped cluster %s: %s", cluster.name, error.message)
    return {"written": written, "pruned": prune()}


def history(cluster, group_id, window=DEFAULT_WINDOW, now=None):
    """The group's total and per-topic lag over the window, oldest first, at most MAX_POINTS points."""
    start, end, bucket_s = bounds(window, now)
    samples = (LagSample.objects.filter(cluster=cluster, group_id=group_id, at__gte=start, at__lte=end)
               .order_by("at").values_list("at", "topic", "lag"))
    points = {}
    topics = set()
    for at, topic, lag in samples:
        topics.add(topic)
        points.setdefault(at, {})[topic] = lag
    buckets = {}
    for at, by_topic in points.items():
        key = int((at - start).total_seconds() // bucket_s)
        total = sum(by_topic.values())
        bucket = buckets.get(key)
        if bucket is None:
            buckets[key] = LagPoint(at=at, total=total, topics=dict(by_topic))
            continue
        bucket.total = max(bucket.total, total)
        for topic, lag in by_topic.items():
            bucket.topics[topic] = max(bucket.topics.get(topic, 0), lag)
    return LagHistory(group_id=group_id, window=window, start=start, end=end, topics=sorted(topics),
                      points=[buckets[k] for k in sorted(buckets)])
