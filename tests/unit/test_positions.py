"""The seek modes (earliest, latest, offset, timestamp) decided from Kafka's answers, without Kafka."""
import pytest

from streams_app.services import positions
from streams_app.services.browse import NEWEST, OLDEST, BrowseRequest, start_cursor
from streams_app.services.positions import EARLIEST, LATEST, OFFSET, TIMESTAMP, Seek

# Partition 0 holds offsets 0..9, partition 1 lost its first 5 to retention (5..19), partition 2 is empty.
BOUNDS = {0: (0, 10), 1: (5, 20), 2: (7, 7)}


def test_earliest_is_each_partitions_first_offset():
    assert positions.offsets(Seek(EARLIEST), BOUNDS) == {0: 0, 1: 5, 2: 7}


def test_latest_is_each_partitions_log_end():
    assert positions.offsets(Seek(LATEST), BOUNDS) == {0: 10, 1: 20, 2: 7}


def test_one_offset_applies_to_every_partition_unclamped():
    assert positions.offsets(Seek(OFFSET, 8), BOUNDS) == {0: 8, 1: 8, 2: 8}


def test_offsets_per_partition_are_taken_as_given():
    assert positions.offsets(Seek(OFFSET, {0: 3, 1: 30, 2: 0}), BOUNDS) == {0: 3, 1: 30, 2: 0}


def test_a_timestamp_gives_kafkas_offset_or_the_log_end_where_no_record_is_that_late():
    times = {0: 4, 1: None, 2: None}
    assert positions.offsets(Seek(TIMESTAMP, 1_700_000_000_000), BOUNDS, times) == {0: 4, 1: 20, 2: 7}


def test_a_timestamp_without_kafkas_answer_is_refused():
    with pytest.raises(ValueError):
        positions.offsets(Seek(TIMESTAMP, 1_700_000_000_000), BOUNDS)


def test_only_a_timestamp_seek_asks_kafka_about_a_time():
    assert Seek(TIMESTAMP, 1234).timestamp == 1234
    assert [Seek(EARLIEST).timestamp, Seek(LATEST).timestamp, Seek(OFFSET, 1234).timestamp] == [None, None, None]


def test_an_unknown_mode_is_refused():
    with pytest.raises(ValueError):
        Seek("middle")


def test_clamping_keeps_an_offset_between_the_first_offset_and_the_log_end():
    assert positions.within({0: 12, 1: 2, 2: 7}, BOUNDS) == {0: 10, 1: 5, 2: 7}


def test_crossed_bounds_clamp_to_the_first_offset():
    assert positions.clamp(3, (8, 6)) == 8


def test_resuming_starts_one_past_the_last_offset_shown_in_the_partitions_it_names():
    chosen = positions.after_shown({0: 10, 1: 20}, {0: 6, 3: 1})
    assert chosen == {0: 7, 1: 20}


def test_a_range_is_clamped_to_the_log_and_never_runs_backwards():
    starts = {0: 2, 1: 0, 2: 7}
    stops = {0: 50, 1: 3, 2: 9}
    assert positions.ranges(starts, stops, BOUNDS) == {0: (2, 10), 1: (5, 5), 2: (7, 7)}


def test_browsing_oldest_first_from_an_offset_reads_forward_from_it():
    cursor = start_cursor(None, "t", BOUNDS, BrowseRequest(order=OLDEST, offset=8))
    assert (cursor.direction, cursor.positions) == ("forward", {0: 8, 1: 8, 2: 7})


def test_browsing_newest_first_from_an_offset_reads_backward_from_just_past_it():
    cursor = start_cursor(None, "t", BOUNDS, BrowseRequest(order=NEWEST, offset=8))
    assert (cursor.direction, cursor.positions) == ("backward", {0: 9, 1: 9, 2: 7})


def test_browsing_without_a_position_starts_at_the_oldest_or_the_newest_record():
    oldest = start_cursor(None, "t", BOUNDS, BrowseRequest(order=OLDEST))
    newest = start_cursor(None, "t", BOUNDS, BrowseRequest(order=NEWEST))
    assert (oldest.direction, oldest.positions) == ("forward", {0: 0, 1: 5, 2: 7})
    assert (newest.direction, newest.positions) == ("backward", {0: 10, 1: 20, 2: 7})
