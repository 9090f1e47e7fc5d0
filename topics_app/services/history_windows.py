"""The time windows the lag and rate charts offer, shared by both histories."""
from datetime import timedelta

from django.utils import timezone

from topics_app import errors

WINDOWS = {"1h": timedelta(hours=1), "6h": timedelta(hours=6), "24h": timedelta(hours=24), "7d": timedelta(days=7)}
DEFAULT_WINDOW = "1h"
# More points than a chart is pixels wide only slows the page.
MAX_POINTS = 300


def bounds(window, now=None):
    """(start, end, bucket seconds) of a window ending now; refuses an unknown window naming the field."""
    if window not in WINDOWS:
        raise errors.InvalidRequest(f"window must be one of {', '.join(WINDOWS)}.", field="window")
    end = now or timezone.now()
    return end - WINDOWS[window], end, max(1.0, WINDOWS[window].total_seconds() / MAX_POINTS)


def chosen(window):
    """The window a page was asked for, or the default one when it names none the charts offer."""
    return window if window in WINDOWS else DEFAULT_WINDOW
