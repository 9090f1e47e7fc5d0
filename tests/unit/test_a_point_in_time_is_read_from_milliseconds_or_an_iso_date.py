"""epoch_millis: the one reader of a time typed by a person or sent by a client."""
import pytest

from topics_app.timestamps import epoch_millis

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
