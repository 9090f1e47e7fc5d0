"""Throughput over time: each sample stores every topic's log-end offsets (equal to kafka-get-offsets) and each
group's committed offsets; messages/s in per topic and partition, and consumed per group, are their growth
between samples. The topic list shows the current rate; the topic's and the group's pages draw them."""
import re
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from tests.conftest import run_tool
from tests.kafka_groups import commit
from tests.topics import BOOTSTRAP, create_topic, numbered, produce_records
from topics_app.models import TopicOffsetSample
from topics_app.services import lag_history, rate_history


def kafka_latest_offsets(topic):
    out = run_tool("kafka-get-offsets", "--bootstrap-server", BOOTSTRAP, "--topic", topic, "--time", "-1")
    return {int(p): int(o) for p, o in re.findall(r":(\d+):(\d+)$", out, re.M)}


def test_a_topics_rate_in_is_its_offsets_growth_per_second_in_total_and_per_partition(
        cluster, unique_name, as_viewer):
    topic = create_topic(unique_name("rate"), partitions=2)
    produce_records(topic, numbered({0: 5, 1: 5}))
    before = timezone.now() - timedelta(seconds=20)
    lag_history.sample_cluster(cluster, before)
    produce_records(topic, numbered({0: 100, 1: 40}))
    after = before + timedelta(seconds=10)
    lag_history.sample_cluster(cluster, after)

    stored = TopicOffsetSample.objects.get(cluster=cluster, topic=topic, at=after).end_offsets
    assert dict(enumerate(stored)) == kafka_latest_offsets(topic) == {0: 105, 1: 45}

    history = rate_history.topic_history(cluster, topic, "1h")
    assert [(p.at, p.total, p.series) for p in history.points] == [(after, 14.0, {0: 10.0, 1: 4.0})]
    assert rate_history.current_rates(cluster)[topic] == 14.0

    api = as_viewer.get(f"/api/v1/clusters/{cluster.name}/topics/{topic}/rate-history/", {"window": "1h"}).json()
    assert (api["subject"], api["series"]) == (topic, ["0", "1"])
    assert [(p["total"], p["series"]) for p in api["points"]] == [(14.0, {"0": 10.0, "1": 4.0})]
    [listed] = [t for t in as_viewer.get(f"/api/v1/clusters/{cluster.name}/topics/", {"search": topic}).json()]
    assert listed["messages_per_s"] == 14.0

    page = as_viewer.get(f"/clusters/{cluster.name}/topics/{topic}/").content.decode()
    assert 'aria-label="Messages in of ' + topic + ' over 1h"' in page
    assert 'data-series="partition 0"' in page and 'data-series="partition 1"' in page
    listing = as_viewer.get(f"/clusters/{cluster.name}/topics/", {"q": topic}).content.decode()
    assert '<td class="strom-num rate">14.0</td>' in listing


def test_a_groups_rate_consumed_is_its_committed_offsets_growth_per_second(cluster, unique_name, as_viewer):
    topic, group = create_topic(unique_name("consumed"), partitions=2), unique_name("g")
    produce_records(topic, numbered({0: 60, 1: 60}))
    commit(group, topic, {0: 5, 1: 5})
    before = timezone.now() - timedelta(seconds=20)
    lag_history.sample_cluster(cluster, before)
    commit(group, topic, {0: 35, 1: 15})
    after = before + timedelta(seconds=20)
    lag_history.sample_cluster(cluster, after)

    history = rate_history.group_history(cluster, group, "1h")
    assert [(p.total, p.series) for p in history.points] == [(2.0, {topic: 2.0})]

    api = as_viewer.get(f"/api/v1/clusters/{cluster.name}/consumer-groups/{group}/rate-history/").json()
    assert [(p["total"], p["series"]) for p in api["points"]] == [(2.0, {topic: 2.0})]
    page = as_viewer.get(f"/clusters/{cluster.name}/consumer-groups/{group}/").content.decode()
    assert f'aria-label="Messages consumed of {group} over 1h"' in page


def test_a_topic_deleted_and_made_again_counts_no_negative_rate(cluster, unique_name):
    """Its offsets start from 0 again: the shrunk partitions add nothing rather than a negative rate."""
    topic = unique_name("again")
    now = timezone.now()
    TopicOffsetSample.objects.bulk_create([
        TopicOffsetSample(cluster=cluster, topic=topic, at=now - timedelta(seconds=20), end_offsets=[500, 10]),
        TopicOffsetSample(cluster=cluster, topic=topic, at=now - timedelta(seconds=10), end_offsets=[20, 30]),
    ])

    [point] = rate_history.topic_history(cluster, topic, "1h", now=now).points
    assert (point.total, point.series) == (2.0, {1: 2.0})


def test_an_unknown_window_is_refused_naming_the_field(cluster, as_viewer, unique_name):
    topic = create_topic(unique_name("window"))
    answer = as_viewer.get(f"/api/v1/clusters/{cluster.name}/topics/{topic}/rate-history/", {"window": "2y"})
    assert (answer.status_code, answer.json()["field"]) == (400, "window")


def test_offset_samples_older_than_the_lag_retention_are_pruned_with_the_lag_samples(cluster, unique_name):
    topic, now = unique_name("kept"), timezone.now()
    TopicOffsetSample.objects.bulk_create([
        TopicOffsetSample(cluster=cluster, topic=topic, at=now - timedelta(hours=hours), end_offsets=[hours])
        for hours in (settings.LAG_RETENTION_HOURS + 1, settings.LAG_RETENTION_HOURS - 1)])

    lag_history.prune(now)

    assert list(TopicOffsetSample.objects.filter(topic=topic).values_list("end_offsets", flat=True)) == [
        [settings.LAG_RETENTION_HOURS - 1]]
