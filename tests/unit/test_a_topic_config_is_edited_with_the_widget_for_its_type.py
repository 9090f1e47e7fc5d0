"""Each topic config gets the input for its type, and what the form posts reads back as Kafka's value."""
import pytest
from django.core.exceptions import ValidationError

from topics_app.config_fields import config_field, submitted_value


def test_choices_list_kafkas_values_and_select_the_current_one():
    drawn = config_field("compression.type", "zstd")

    assert drawn.kind == "choice" and drawn.value == "zstd"
    assert {"producer", "gzip", "snappy", "lz4", "zstd", "uncompressed"} <= {v for v, _ in drawn.choices}


def test_cleanup_policy_written_either_way_selects_both():
    assert config_field("cleanup.policy", "delete,compact").value == "compact,delete"


def test_booleans_are_switches():
    assert config_field("unclean.leader.election.enable", "false").kind == "boolean"


def test_a_duration_reads_in_the_largest_unit_that_holds_it_exactly():
    week = config_field("retention.ms", "604800000")
    odd = config_field("segment.ms", "90000")

    assert (week.kind, week.amount, week.unit) == ("duration", "7", "days")
    assert (odd.amount, odd.unit) == ("90000", "ms")


def test_minus_one_retention_reads_as_forever_and_a_size_in_megabytes():
    assert (config_field("retention.ms", "-1").unit, config_field("retention.bytes", "-1").unit) == (
        "unlimited", "unlimited")
    segment = config_field("segment.bytes", str(512 * 1024 * 1024))
    assert (segment.kind, segment.amount, segment.unit) == ("size", "512", "MB")


def test_a_negative_without_a_unit_meaning_stays_plain_text():
    assert config_field("local.retention.ms", "-2").kind == "text"


def test_an_amount_and_unit_become_kafkas_value():
    assert submitted_value("retention.ms", {"amount:retention.ms": "3", "unit:retention.ms": "hours"}) == "10800000"
    assert submitted_value("retention.bytes", {"amount:retention.bytes": "", "unit:retention.bytes": "unlimited"}) \
        == "-1"


def test_a_plain_value_is_taken_as_it_is_and_an_absent_one_is_none():
    assert submitted_value("retention.ms", {"config:retention.ms": "1000"}) == "1000"
    assert submitted_value("retention.ms", {}) is None


@pytest.mark.parametrize("amount", ["soon", "", "-3", "1.5"])
def test_an_amount_that_is_not_a_whole_number_is_refused(amount):
    with pytest.raises(ValidationError):
        submitted_value("segment.ms", {"amount:segment.ms": amount, "unit:segment.ms": "minutes"})
