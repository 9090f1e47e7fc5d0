"""epoch_millis: the one reader of a time typed by a person or sent by a client."""
import pytest

from topics_app.timestamps import EARLIEST_MILLIS, LATEST_MILLIS, OutOfRange, epoch_millis

# 2024-05-01T12:30:00Z
MAY_DAY = 1_714_566_600_000


def test_numbers_and_strings_of_digits_are_milliseconds():
    assert epoch_millis(MAY_DAY) == MAY_DAY
    assert epoch_millis(str(MAY_DAY)) == MAY_DAY
    assert epoch_millis(f"  {MAY_DAY} ") == MAY_DAY
    assert epoch_millis(1.9) == 1
    assert epoch_millis("-5") == -5


def test_an_iso_date_time_with_a_zone_is_that_instant():
    assert epoch_millis("2024-05-01T12:30:00Z") == MAY_DAY
    assert epoch_millis("2024-05-01T14:30:00+02:00") == MAY_DAY
    assert epoch_millis("2024-05-01T12:30:00.250Z") == MAY_DAY + 250


def test_a_date_time_without_a_zone_is_in_stroms_time_zone(settings):
    settings.TIME_ZONE = "UTC"
    assert epoch_millis("2024-05-01T12:30:00") == MAY_DAY

    settings.TIME_ZONE = "Europe/Berlin"  # UTC+2 in May
    assert epoch_millis("2024-05-01T14:30:00") == MAY_DAY


@pytest.mark.parametrize("value", ["", "yesterday", "2024-13-01T00:00:00", "12:30", True, False])
def test_anything_else_is_not_a_time(value):
    with pytest.raises(ValueError):
        epoch_millis(value)


@pytest.mark.parametrize("value", [100_000_000_000_000_000_000, "100000000000000000000", 1e30, "9223372036854775807",
                                   253_402_300_800_000, -62_135_596_800_001])
def test_a_time_outside_the_years_1_to_9999_is_out_of_range(value):
    with pytest.raises(OutOfRange, match="between the years 1 and 9999"):
        epoch_millis(value)


def test_the_first_and_last_millisecond_of_the_years_1_to_9999_are_times():
    assert epoch_millis("0001-01-01T00:00:00Z") == EARLIEST_MILLIS
    assert epoch_millis("9999-12-31T23:59:59.999Z") == LATEST_MILLIS
