"""A replay's copy runs in a thread of its own: one stuck in a call that never returns is given up once its loop
has not come round for STALL_S, as a cluster that stopped answering (so the job starts a new copy); a copy that
ends or fails hands its outcome to the job's thread."""
import threading
import time
from types import SimpleNamespace

import pytest

from streams_app.services.jobs import replay_copy


class Copy:
    def __init__(self, run):
        self.job, self.target_cluster = SimpleNamespace(pk=-1), SimpleNamespace(name="local")
        self.alive_at, self.abandoned, self._run = time.monotonic(), False, run

    def resume(self):
        pass

    def run(self):
        self._run()

    def abandon(self):
        self.abandoned = True


def test_a_copy_stuck_in_a_call_is_abandoned_as_a_cluster_that_stopped_answering(monkeypatch):
    monkeypatch.setattr(replay_copy, "STALL_S", 0.5)
    never = threading.Event()
    copy = Copy(never.wait)

    with pytest.raises(replay_copy.CopyStalled, match="stopped answering"):
        replay_copy._watched(copy)
    assert copy.abandoned
    never.set()


def test_a_copy_that_fails_hands_its_error_to_the_job():
    def refuse():
        raise replay_copy.errors.AccessDenied("The cluster refused Strom's credentials")

    with pytest.raises(replay_copy.errors.AccessDenied, match="refused"):
        replay_copy._watched(Copy(refuse))


def test_a_copy_that_ends_returns():
    copy = Copy(lambda: None)
    replay_copy._watched(copy)
    assert not copy.abandoned
