"""Every start mode returns the right records in the right order."""
from datetime import datetime, timezone

import pytest

from tests.message_helpers import get_page, spots
from tests.topics import T0, create_topic, fill


@pytest.fixture
def topic(unique_name, cluster):
    name = create_topic(unique_name("browse"), partitions=3)
    fill(name, partitions=3, per_partition=10)  # 30 records, timestamps T0 .. T0 + 29 s
    return name


def by_time(n_first, reverse=False):
    """The (partition, offset) of the records in timestamp order (record t is partition t % 3, offset t // 3)."""
    order = range(29, -1, -1) if reverse else range(30)
    return [(t % 3, t // 3) for t in order][:n_first]


def test_oldest_returns_the_first_records_merged_by_timestamp(cluster, as_viewer, topic):
    body = get_page(as_viewer, cluster, topic, order="oldest", limit=7)

    assert spots(body) == by_time(7)
    assert [m["value"] for m in body["messages"]][:3] == ["p0-0", "p1-0", "p2-0"]


def test_newest_returns_the_last_records_newest_first(cluster, as_viewer, topic):
    body = get_page(as_viewer, cluster, topic, order="newest", limit=7)

    assert spots(body) == by_time(7, reverse=True)
    timestamps = [m["timestamp"] for m in body["messages"]]
    assert timestamps == sorted(timestamps, reverse=True)


def test_oldest_of_one_partition_is_in_offset_order(cluster, as_viewer, topic):
    body = get_page(as_viewer, cluster, topic, partition=1, limit=4)

    assert spots(body) == [(1, 0), (1, 1), (1, 2), (1, 3)]


def test_newest_of_one_partition_is_in_reverse_offset_order(cluster, as_viewer, topic):
    body = get_page(as_viewer, cluster, topic, partition=2, order="newest", limit=3)

    assert spots(body) == [(2, 9), (2, 8), (2, 7)]


def test_an_offset_starts_every_partition_at_that_offset(cluster, as_viewer, topic):
    body = get_page(as_viewer, cluster, topic, offset=8, limit=100)

    assert sorted(spots(body)) == sorted((p, o) for p in range(3) for o in (8, 9))


def test_an_offset_in_one_partition_reads_from_exactly_there(cluster, as_viewer, topic):
    body = get_page(as_viewer, cluster, topic, partition=0, offset=4, limit=3)

    assert spots(body) == [(0, 4), (0, 5), (0, 6)]


def test_an_offset_with_newest_first_ends_at_that_offset(cluster, as_viewer, topic):
    body = get_page(as_viewer, cluster, topic, partition=0, offset=4, order="newest", limit=3)

    assert spots(body) == [(0, 4), (0, 3), (0, 2)]


def test_a_timestamp_starts_at_the_first_record_at_or_after_it(cluster, as_viewer, topic):
    body = get_page(as_viewer, cluster, topic, timestamp=T0 + 10_500, limit=5)

    assert spots(body) == [(t % 3, t // 3) for t in range(11, 16)]
    assert all(m["timestamp"] >= T0 + 10_500 for m in body["messages"])


def test_a_timestamp_with_newest_first_ends_at_the_last_record_before_or_at_it(cluster, as_viewer, topic):
    body = get_page(as_viewer, cluster, topic, timestamp=T0 + 10_000, order="newest", limit=4)

    assert spots(body) == [(t % 3, t // 3) for t in (10, 9, 8, 7)]


def as_utc_iso(timestamp_ms):
    return datetime.fromtimestamp(timestamp_ms / 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def test_a_timestamp_may_be_an_iso_date_time(cluster, as_viewer, topic, settings):
    settings.TIME_ZONE = "UTC"
    body = get_page(as_viewer, cluster, topic, timestamp=as_utc_iso(T0 + 5_000), limit=1)

    assert spots(body) == [(2, 1)]


def test_a_timestamp_after_the_last_record_returns_nothing(cluster, as_viewer, topic):
    body = get_page(as_viewer, cluster, topic, timestamp=T0 + 10**9, limit=5)

    assert body["messages"] == []
    assert body["next"] is None
