"""The reset plan from offsets alone: where each partition lands, clamped to what the log holds."""
import pytest

from topics_app.errors import InvalidRequest
from topics_app.services.offset_reset import ResetRow, plan_rows, validated_value

# Two partitions: 0 holds offsets [2, 10), 1 holds [0, 6); the group committed 5 and 4.
EARLIEST = {0: 2, 1: 0}
LATEST = {0: 10, 1: 6}
COMMITTED = {0: 5, 1: 4}


def moves(rows):
    return [(r.partition, r.current, r.new, r.clamped) for r in rows]


def test_earliest_and_latest_land_on_each_partitions_ends():
    assert moves(plan_rows("earliest", None, COMMITTED, EARLIEST, LATEST)) == [(0, 5, 2, False), (1, 4, 0, False)]
    assert moves(plan_rows("latest", None, COMMITTED, EARLIEST, LATEST)) == [(0, 5, 10, False), (1, 4, 6, False)]


def test_a_row_carries_the_partitions_ends_for_display():
    assert plan_rows("latest", None, COMMITTED, EARLIEST, LATEST)[0] == ResetRow(
        partition=0, current=5, new=10, earliest=2, log_end=10, clamped=False)


def test_an_offset_outside_the_log_is_clamped_to_it_and_says_so():
    assert moves(plan_rows("offset", 8, COMMITTED, EARLIEST, LATEST)) == [(0, 5, 8, False), (1, 4, 6, True)]
    assert moves(plan_rows("offset", 0, COMMITTED, EARLIEST, LATEST)) == [(0, 5, 2, True), (1, 4, 0, False)]


def test_shift_moves_from_the_committed_offset_and_clamps_at_both_ends():
    assert moves(plan_rows("shift", -4, COMMITTED, EARLIEST, LATEST)) == [(0, 5, 2, True), (1, 4, 0, False)]
    assert moves(plan_rows("shift", 3, COMMITTED, EARLIEST, LATEST)) == [(0, 5, 8, False), (1, 4, 6, True)]


def test_shift_is_refused_for_a_partition_without_a_committed_offset():
    with pytest.raises(InvalidRequest) as refused:
        plan_rows("shift", 1, {0: 5, 1: None}, EARLIEST, LATEST)

    assert refused.value.field == "partitions"
    assert "Partition 1 has no committed offset" in refused.value.message


def test_a_partition_without_a_committed_offset_can_still_be_set():
    assert moves(plan_rows("earliest", None, {}, EARLIEST, LATEST)) == [(0, None, 2, False), (1, None, 0, False)]


def test_a_timestamp_lands_where_offsets_for_times_says_or_on_the_log_end_when_no_record_is_that_late():
    by_time = {0: 7, 1: None}

    assert moves(plan_rows("timestamp", 1_700_000_000_000, COMMITTED, EARLIEST, LATEST, by_time)) == [
        (0, 5, 7, False), (1, 4, 6, False)]
    assert moves(plan_rows("timestamp", 1_700_000_000_000, COMMITTED, EARLIEST, LATEST, {0: -1, 1: 3})) == [
        (0, 5, 10, False), (1, 4, 3, False)]


def test_a_timestamp_answer_below_the_earliest_offset_is_clamped():
    assert moves(plan_rows("timestamp", 0, COMMITTED, EARLIEST, LATEST, {0: 1, 1: 0})) == [
        (0, 5, 2, True), (1, 4, 0, False)]


def test_rows_come_in_partition_order():
    rows = plan_rows("latest", None, {}, {3: 0, 1: 0, 2: 0}, {3: 1, 1: 1, 2: 1})

    assert [r.partition for r in rows] == [1, 2, 3]


@pytest.mark.parametrize("to, value, expected", [
    ("earliest", "ignored", None),
    ("latest", None, None),
    ("offset", "12", 12),
    ("offset", 0, 0),
    ("shift", " -3 ", -3),
    ("timestamp", "1970-01-01T00:00:01Z", 1000),
    ("timestamp", 1_700_000_000_000, 1_700_000_000_000),
])
def test_the_value_is_read_as_the_number_the_target_needs(to, value, expected):
    assert validated_value(to, value) == expected


@pytest.mark.parametrize("to, value, field", [
    ("yesterday", None, "to"),
    ("offset", None, "value"),
    ("offset", "", "value"),
    ("offset", "ten", "value"),
    ("offset", -1, "value"),
    ("offset", True, "value"),
    ("shift", "1.5", "value"),
    ("timestamp", "not a date", "value"),
    ("timestamp", "1969-12-31T23:59:59Z", "value"),
])
def test_a_value_the_target_cannot_use_is_refused_naming_the_field(to, value, field):
    with pytest.raises(InvalidRequest) as refused:
        validated_value(to, value)

    assert refused.value.field == field
