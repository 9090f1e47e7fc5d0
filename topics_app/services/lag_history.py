"""Lag over time: periodic samples of every group's lag per topic, and the series the chart draws."""
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from topics_app import errors
from topics_app.models import Cluster, LagSample
from topics_app.services import groups

log = logging.getLogger(__name__)

WINDOWS = {"1h": timedelta(hours=1), "6h": timedelta(hours=6), "24h": timedelta(hours=24), "7d": timedelta(days=7)}
DEFAULT_WINDOW = "1h"
# More points than a chart is pixels wide only slows the page; buckets keep each one's peak.
MAX_POINTS = 300


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
    """Store one sample per group and topic whose lag is known; returns the number of rows."""
    now = now or timezone.now()
    rows = [
        LagSample(cluster=cluster, group_id=group.group_id, topic=topic, at=now, lag=lag)
        for group in groups.list_groups(cluster)
        for topic, lag in group.topic_lags.items()
    ]
    LagSample.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def prune(now=None):
    now = now or timezone.now()
    return LagSample.objects.prune(now - timedelta(hours=settings.LAG_RETENTION_HOURS))


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
    if window not in WINDOWS:
        raise errors.InvalidRequest(f"window must be one of {', '.join(WINDOWS)}.", field="window")
    end = now or timezone.now()
    start = end - WINDOWS[window]
    samples = (LagSample.objects.filter(cluster=cluster, group_id=group_id, at__gte=start, at__lte=end)
               .order_by("at").values_list("at", "topic", "lag"))
    bucket_s = max(1.0, WINDOWS[window].total_seconds() / MAX_POINTS)
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
