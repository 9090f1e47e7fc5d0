"""The one way Strom reads a point in time typed by a person or sent by a client."""
from datetime import datetime

from django.utils import timezone

# The first millisecond of the year 1 and the last of the year 9999. Other times are no date Python
# can show, and Kafka's int64 timestamps must still hold one more millisecond (a newest-first page
# ends just after its time).
EARLIEST_MILLIS = -62_135_596_800_000
LATEST_MILLIS = 253_402_300_799_999


class OutOfRange(ValueError):
    """A time that reads as a number but is no date Strom can show or hand to Kafka."""


def epoch_millis(value):
    """Milliseconds since 1970 from a number, a string of digits, or an ISO 8601 date-time
    (a date-time without a zone is in Strom's TIME_ZONE). ValueError when it is none of these,
    OutOfRange (a ValueError) when it is not between the years 1 and 9999."""
    millis = _read_millis(value)
    if not EARLIEST_MILLIS <= millis <= LATEST_MILLIS:
        raise OutOfRange("The time must lie between the years 1 and 9999.")
    return millis


def _read_millis(value):
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a time")
    if isinstance(value, (int, float)):
        return int(value)
    text = str(value).strip()
    if text.lstrip("-").isdigit():
        return int(text)
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return int(moment.timestamp() * 1000)
