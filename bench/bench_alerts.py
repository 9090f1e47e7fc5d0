"""Alerts benchmark: the time one beat tick spends evaluating 200 rules over 200 groups (after the lag sample it
follows), in three shapes:
- quiet: every group under its threshold, nothing changes;
- steady: every rule firing already, nothing to notify;
- storm: all 200 rules change state in one tick, each queueing one webhook delivery (to a throwaway queue).
Each tick first stores one lag sample per group and topic (two topics per group), as the sampler does; the
figure is evaluate() alone, median of several ticks. Also the rules page and the alerts API with 200 rules.

Run with `make bench` (or .venv/bin/python bench/bench_alerts.py).
"""
import os
import statistics
import time
import uuid

import harness

QUEUE = f"bench-alerts-{uuid.uuid4().hex[:8]}"
os.environ["JOBS_QUEUE"] = QUEUE
harness.start_django()

from datetime import timedelta  # noqa: E402

from django.utils import timezone  # noqa: E402

from alerts_app.models import AlertRule, Delivery, Firing  # noqa: E402
from alerts_app.services.evaluation import evaluate  # noqa: E402
from config.celery import app  # noqa: E402
from topics_app.models import Cluster, LagSample  # noqa: E402

GROUPS, RULES, TICKS = 200, 200, 7


def store_sample(cluster, at, lag_of):
    LagSample.objects.bulk_create([
        LagSample(cluster=cluster, group_id=f"bench-group-{g}", topic=f"bench-topic-{t}", at=at, lag=lag_of(g),
                  committed=1000) for g in range(GROUPS) for t in range(2)])


def ticks(cluster, start, lag_for_tick):
    """Evaluation time (ms) of each tick, after storing that tick's sample."""
    times = []
    for tick in range(TICKS):
        at = start + timedelta(seconds=30 * tick)
        store_sample(cluster, at, lambda g, tick=tick: lag_for_tick(tick, g))
        began = time.perf_counter()
        evaluate(now=at)
        times.append((time.perf_counter() - began) * 1000)
    return times


def main():
    cluster = Cluster.ensure_default()
    AlertRule.objects.bulk_create([
        AlertRule(name=f"bench-rule-{r}", kind="group_lag" if r % 2 else "group_stuck", cluster=cluster,
                  target=f"bench-group-{r}" if r % 4 else f"bench-group-{r}*", threshold=100,
                  channels=[{"type": "webhook", "url": "http://127.0.0.1:9/hook"}]) for r in range(RULES)])
    start = timezone.now()
    quiet = ticks(cluster, start, lambda tick, g: 10)
    steady = ticks(cluster, start + timedelta(hours=1), lambda tick, g: 1000 + tick)
    storm = ticks(cluster, start + timedelta(hours=2), lambda tick, g: 0 if tick % 2 else 5000 + tick)
    deliveries = Delivery.objects.count()
    with app.connection_for_write() as connection:
        connection.default_channel.queue_delete(QUEUE)

    client = harness.logged_in_client("viewer")
    page_ms = harness.median_ms(harness.getter(client, "/alerts/"), 5)
    api_ms = harness.median_ms(harness.getter(client, "/api/v1/alerts/"), 5)

    print(f"{RULES} rules (group_lag and group_stuck, exact names and globs) over {GROUPS} groups x 2 topics, "
          f"median of {TICKS} ticks:")
    print(f"  quiet tick (nothing changes)            {statistics.median(quiet):8.1f} ms")
    print(f"  steady tick (all firing, nothing sent)  {statistics.median(steady):8.1f} ms")
    print(f"  storm tick (all 200 change state)       {statistics.median(storm):8.1f} ms  "
          f"({deliveries:,} deliveries queued in all)")
    print(f"  rules page                              {page_ms:8.1f} ms")
    print(f"  alerts API ({Firing.objects.exclude(state='pending').count():,} firings and resolved)"
          f" {api_ms:8.1f} ms")


if __name__ == "__main__":
    main()
