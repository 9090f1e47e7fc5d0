"""Where the live page starts watching: latest, earliest or a date and time typed in the browser's
datetime-local input (read in Strom's TIME_ZONE, as every time on the pages), turned into the socket's
`from` (latest | earliest | milliseconds since 1970)."""
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from topics_app.timestamps import epoch_millis

CHOICES = [("latest", "Latest: only new records"), ("earliest", "Earliest: the oldest records kept"),
           ("time", "A date and time")]


@dataclass
class LiveStart:
    choice: str  # latest, earliest or time
    at: str  # the datetime-local input's value
    socket_from: str  # what the socket gets; empty for its default (latest)
    error: str = ""


def input_value(ms):
    """Milliseconds since 1970 as a datetime-local input shows them, in TIME_ZONE."""
    moment = timezone.localtime(datetime.fromtimestamp(ms / 1000, tz=timezone.get_current_timezone()))
    return moment.replace(tzinfo=None, microsecond=0).isoformat()


def from_page(start, at):
    """Read the page's `from` choice and `at` input; milliseconds in `from` (an older link) still work."""
    start, at = (start or "").strip(), (at or "").strip()
    if start in ("", "latest", "earliest"):
        return LiveStart(start or "latest", at, start)
    if start.isdigit():
        return LiveStart("time", input_value(int(start)), start)
    if start == "time":
        try:
            return LiveStart("time", at, str(epoch_millis(at)))
        except (ValueError, OverflowError):
            # The socket refuses this too, naming `from`; the page says so next to the input.
            return LiveStart("time", at, at or "time", error="Give a date and time to start from.")
    return LiveStart("time", at, start, error="Choose latest, earliest or a date and time.")
