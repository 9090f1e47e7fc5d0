"""Lag over time: the beat task samples every group's lag, old samples are pruned, the page charts them."""
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from alerts_app.tasks import sample_and_evaluate
from config.celery import app
from tests.kafka_groups import commit
from tests.topics import create_topic, numbered, produce_records
from topics_app.models import LagSample
from topics_app.services import lag_history


def test_beat_sends_the_sampling_task_again_once_the_interval_has_passed(transactional_db):
    """What the beat process (the database scheduler, which closes connections: a transactional test) does."""
    scheduler = DatabaseScheduler(app=app)
    entry = scheduler.schedule["sample-consumer-lag"]
    now = timezone.now()
    interval = timedelta(seconds=settings.LAG_SAMPLE_INTERVAL_S)

    # The beat's task samples and then evaluates the alert rules on the sample (alerts_app).
    assert PeriodicTask.objects.get(name="sample-consumer-lag").task == entry.task == sample_and_evaluate.name
    assert not entry.schedule.is_due(now - interval + timedelta(seconds=1)).is_due
    assert entry.schedule.is_due(now - interval - timedelta(seconds=1)).is_due


def test_a_sample_the_worker_could_not_run_within_one_interval_is_skipped(transactional_db):
    """Beat stamps each sampling task with an expiry, so a busy worker never works through a backlog of them."""
    entry = DatabaseScheduler(app=app).schedule["sample-consumer-lag"]

    assert entry.options["expires"] == settings.LAG_SAMPLE_INTERVAL_S


def test_sampling_writes_one_row_per_group_and_topic_with_its_lag(cluster, unique_name):
    topic_a, topic_b, group = unique_name("ha"), unique_name("hb"), unique_name("g")
    create_topic(topic_a, 2)
    create_topic(topic_b, 1)
    produce_records(topic_a, numbered({0: 10, 1: 10}))
    produce_records(topic_b, numbered({0: 4}))
    commit(group, topic_a, {0: 4, 1: 9})
    commit(group, topic_b, {0: 1})

    result = sample_and_evaluate.apply().get()

    rows = {s.topic: s.lag for s in LagSample.objects.filter(cluster=cluster, group_id=group)}
    assert rows == {topic_a: 7, topic_b: 3}
    assert result["written"] >= 2


def test_pruning_removes_samples_older_than_the_retention_and_keeps_the_rest(cluster, unique_name):
    group = unique_name("g")
    now = timezone.now()
    old = now - timedelta(hours=settings.LAG_RETENTION_HOURS, minutes=1)
    recent = now - timedelta(hours=settings.LAG_RETENTION_HOURS - 1)
    LagSample.objects.bulk_create([LagSample(cluster=cluster, group_id=group, topic="t", at=old, lag=1),
                                   LagSample(cluster=cluster, group_id=group, topic="t", at=recent, lag=2)])

    pruned = lag_history.prune(now)

    assert pruned >= 1
    assert list(LagSample.objects.filter(group_id=group).values_list("lag", flat=True)) == [2]


def add_samples(cluster, group, minutes_ago_to_lags):
    now = timezone.now()
    LagSample.objects.bulk_create([
        LagSample(cluster=cluster, group_id=group, topic=topic, at=now - timedelta(minutes=minutes), lag=lag)
        for minutes, lags in minutes_ago_to_lags.items() for topic, lag in lags.items()])


def test_the_history_api_gives_total_and_per_topic_within_the_window(cluster, as_viewer, unique_name):
    group = unique_name("g")
    add_samples(cluster, group, {300: {"a": 50}, 30: {"a": 10, "b": 5}, 1: {"a": 2, "b": 1}})

    hour = as_viewer.get(f"/api/v1/clusters/{cluster.name}/consumer-groups/{group}/lag-history/?window=1h").json()
    six = as_viewer.get(f"/api/v1/clusters/{cluster.name}/consumer-groups/{group}/lag-history/?window=6h").json()
    bad = as_viewer.get(f"/api/v1/clusters/{cluster.name}/consumer-groups/{group}/lag-history/?window=2y")

    assert [(p["total"], p["topics"]) for p in hour["points"]] == [(15, {"a": 10, "b": 5}), (3, {"a": 2, "b": 1})]
    assert hour["topics"] == ["a", "b"]
    assert [p["total"] for p in six["points"]] == [50, 15, 3]
    assert bad.status_code == 400 and bad.json()["field"] == "window"


def test_the_history_keeps_the_peak_when_many_samples_share_a_bucket(cluster, unique_name):
    group = unique_name("g")
    add_samples(cluster, group, {60 * 24 * 6 + m: {"a": 100 if m == 3 else 1} for m in range(6)})

    found = lag_history.history(cluster, group, "7d")

    assert [p.total for p in found.points] == [100]


def test_the_group_page_draws_a_chart_with_a_line_per_topic_and_a_window_selector(cluster, as_viewer,
                                                                                    unique_name):
    topic, group = unique_name("h"), unique_name("g")
    create_topic(topic, 1)
    produce_records(topic, numbered({0: 3}))
    commit(group, topic, {0: 1})
    add_samples(cluster, group, {20: {topic: 9}, 10: {topic: 4}, 150: {topic: 70}})

    hour = as_viewer.get(f"/clusters/{cluster.name}/consumer-groups/{group}/").content.decode()
    six = as_viewer.get(f"/clusters/{cluster.name}/consumer-groups/{group}/?window=6h").content.decode()

    assert "<svg" in hour and 'data-series="total"' in hour and f'data-series="{topic}"' in hour
    for window in ("1h", "6h", "24h", "7d"):
        assert f'href="?window={window}#lag-history"' in hour
    assert "latest 4" in hour and ">70<" not in hour
    assert ">70<" in six


def test_a_group_without_samples_says_so_instead_of_an_empty_chart(cluster, as_viewer, unique_name):
    topic, group = unique_name("h"), unique_name("g")
    create_topic(topic, 1)
    commit(group, topic, {0: 0})

    page = as_viewer.get(f"/clusters/{cluster.name}/consumer-groups/{group}/").content.decode()

    assert "No lag samples in the last 1h yet" in page and 'class="strom-chart"' not in page
