"""What every job kind shares: cancellation, pacing, the garbage collector, and parameter checks."""
import gc
import time
from contextlib import contextmanager

from topics_app import topic_rules
from topics_app.errors import InvalidRequest, ServiceError

# The bounds of a rate, in records per second.
MAX_RATE = 10_000_000


class Cancelled(Exception):
    """Someone asked the job to stop; raised between batches."""


class QueueUnavailable(ServiceError):
    """The job queue (Celery's broker, Redis) did not take the job's task: nothing will run it."""

    status = 503


@contextmanager
def collector_set_aside():
    """Run a job with what the process held before it left out of the cyclic garbage collector's walks.

    A job allocates a few objects per record; every so often that sets off a full collection, which walks every
    object of the process, Django's and the libraries' included. A replay of 1,000,000 records spent a fifth of
    its time there. What exists when the job starts is collected once (so no garbage is kept) and then frozen;
    objects the job makes are collected as before, and everything is walked again once it ends. A worker process
    runs one job at a time (a replay's parts run in threads of that job). A process that froze its start-up
    already (the web process, config/asgi.py) stays frozen."""
    frozen_before = gc.get_freeze_count() > 0
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        if not frozen_before:
            gc.unfreeze()


def check_cancel(job):
    if job.should_stop():
        raise Cancelled()


class Pace:
    """Holds a job to `rate` records per second (None: as fast as it goes), checking for cancel while it waits."""

    def __init__(self, rate, already_done=0):
        self.rate = rate
        self.start = time.monotonic()
        self.base = already_done

    def wait(self, done, job):
        if not self.rate:
            return
        due = self.start + (done - self.base) / self.rate
        while True:
            left = due - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(left, 0.2))
            check_cancel(job)


def optional_int(params, name, minimum=0, maximum=None):
    raw = params.get(name)
    if raw in (None, ""):
        return None
    if isinstance(raw, bool):
        raise InvalidRequest(f"{name} must be a whole number.", field=name)
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise InvalidRequest(f"{name} must be a whole number.", field=name) from None
    if str(raw).strip() != str(value) and not isinstance(raw, int):
        raise InvalidRequest(f"{name} must be a whole number.", field=name)
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
        raise InvalidRequest(f"{name} must be {bound}.", field=name)
    return value


def rate_param(params):
    return optional_int(params, "rate", minimum=1, maximum=MAX_RATE)


def topic_param(params, name):
    value = params.get(name)
    if not value or not isinstance(value, str):
        raise InvalidRequest(f"{name} is required: the name of a topic.", field=name)
    try:
        topic_rules.validate_topic_name(value)
    except topic_rules.ValidationError as error:
        raise InvalidRequest(f"{name}: {' '.join(error.messages)}", field=name) from None
    return value


def text_list(params, name):
    """A list of names from a JSON list or a comma-separated string."""
    raw = params.get(name)
    if raw in (None, ""):
        return []
    if isinstance(raw, str):
        raw = [part.strip() for part in raw.split(",")]
    if not isinstance(raw, list) or not all(isinstance(item, str) and item for item in raw):
        raise InvalidRequest(f"{name} must be a list of names.", field=name)
    return raw
