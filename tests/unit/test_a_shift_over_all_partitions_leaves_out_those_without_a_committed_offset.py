"""A shift over all partitions plans the ones with a committed offset and lists the others with the reason."""
import pytest

from topics_app.errors import InvalidRequest
from topics_app.services.offset_reset import NO_COMMITTED_OFFSET, Skipped, plan_all

EARLIEST = {0: 0, 1: 0, 2: 0}
LATEST = {0: 10, 1: 10, 2: 10}


def test_the_partitions_with_a_committed_offset_are_shifted_and_the_others_listed():
    rows, skipped = plan_all("shift", -2, {0: 5, 1: None, 2: 7}, EARLIEST, LATEST)

    assert [(r.partition, r.current, r.new) for r in rows] == [(0, 5, 3), (2, 7, 5)]
    assert skipped == [Skipped(1, NO_COMMITTED_OFFSET)]


def test_a_partition_missing_from_the_committed_offsets_is_left_out_too():
    rows, skipped = plan_all("shift", 1, {2: 4}, EARLIEST, LATEST)

    assert [r.partition for r in rows] == [2]
    assert [s.partition for s in skipped] == [0, 1]


def test_a_shift_is_refused_when_no_partition_has_a_committed_offset():
    with pytest.raises(InvalidRequest) as refused:
        plan_all("shift", 1, {}, EARLIEST, LATEST)

    assert refused.value.field == "partitions"


def test_other_targets_plan_every_partition_and_leave_none_out():
    rows, skipped = plan_all("earliest", None, {0: 5}, EARLIEST, LATEST)

    assert [(r.partition, r.new) for r in rows] == [(0, 0), (1, 0), (2, 0)]
    assert skipped == []
