"""The one way Strom reads a point in time typed by a person or sent by a client."""
from datetime import datetime

from django.utils import timezone


def epoch_millis(value):
    """Milliseconds since 1970 from a number, a string of digits, or an ISO 8601 date-time
    (a date-time without a zone is in Strom's TIME_ZONE). ValueError when it is none of these."""
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
