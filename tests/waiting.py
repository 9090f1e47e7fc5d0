"""Waiting for what Kafka, Celery or a worker does a moment after an answer: one polling loop for every test."""
import time


def wait_until(check, timeout_s=30, what="the condition", interval_s=0.25, tolerate=()):
    """Poll `check()` until it returns something true; return that. Fails naming `what` and the last answer
    after `timeout_s`. An exception of a `tolerate` type counts as "not yet" (a node that is down may answer
    the next poll)."""
    deadline = time.monotonic() + timeout_s
    last = None
    while True:
        try:
            last = check()
        except tolerate as error:
            last = error
        else:
            if last:
                return last
        if time.monotonic() >= deadline:
            raise AssertionError(f"waited {timeout_s} s for {what}; last: {last!r}")
        time.sleep(interval_s)
