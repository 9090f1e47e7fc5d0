"""The live page's "from": latest, earliest, or a datetime-local value read in TIME_ZONE and sent to the socket
as milliseconds; milliseconds in an older link still work."""
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from streams_app.forms import LiveStart, input_value, live_start_from_page

NOON = "2024-05-01T12:00:30"


def noon_ms():
    return int(datetime.fromisoformat(NOON).replace(tzinfo=ZoneInfo(settings.TIME_ZONE)).timestamp() * 1000)


def test_latest_and_earliest_go_to_the_socket_as_they_are():
    assert live_start_from_page("", "") == LiveStart("latest", "", "")
    assert live_start_from_page("earliest", "") == LiveStart("earliest", "", "earliest")


def test_a_date_and_time_becomes_milliseconds_in_the_servers_time_zone():
    assert live_start_from_page("time", NOON) == LiveStart("time", NOON, str(noon_ms()))


def test_milliseconds_from_an_older_link_fill_the_date_and_time_input():
    assert live_start_from_page(str(noon_ms()), "") == LiveStart("time", NOON, str(noon_ms()))
    assert input_value(noon_ms()) == NOON


def test_a_missing_or_bad_date_is_said_at_the_field_and_never_reaches_the_socket_as_a_time():
    missing, bad = live_start_from_page("time", ""), live_start_from_page("time", "tomorrow")

    assert missing.error and bad.error
    assert not missing.socket_from.isdigit() and not bad.socket_from.isdigit()


def test_milliseconds_no_date_can_show_are_said_at_the_field():
    for start in ("100000000000000000000", "²", "9" * 5000):
        refused = live_start_from_page(start, "")

        assert refused.choice == "time" and refused.error == "Give a date and time to start from."
