"""A job runs with the objects the process held before it frozen out of the cyclic garbage collector's walks (full
collections walked all of Django's objects, a fifth of a replay's time); garbage from before is collected, not
kept, and everything is walked again once the job ends, however it ends; a process that froze its start-up
(the web process) stays frozen."""
import gc
import weakref

import pytest

from streams_app.services.jobs.common import collector_set_aside


class Node:
    pass


@pytest.fixture
def unfrozen():
    """A process that froze nothing, as a Celery worker (another test may have loaded config/asgi.py)."""
    frozen = gc.get_freeze_count() > 0
    gc.unfreeze()
    yield
    gc.unfreeze()
    if frozen:
        gc.freeze()


def test_what_existed_before_the_job_is_frozen_while_it_runs_and_thawed_after(unfrozen):
    with collector_set_aside():
        assert gc.get_freeze_count() > 1000
    assert gc.get_freeze_count() == 0


def test_garbage_from_before_the_job_is_collected_not_kept_for_its_duration():
    cycle = Node()
    cycle.itself = cycle
    gone = weakref.ref(cycle)
    del cycle
    with collector_set_aside():
        assert gone() is None


def test_a_job_that_fails_thaws_the_process_too(unfrozen):
    with pytest.raises(RuntimeError), collector_set_aside():
        raise RuntimeError("the job failed")
    assert gc.get_freeze_count() == 0


def test_a_process_that_froze_its_start_up_stays_frozen_after_a_job(unfrozen):
    gc.freeze()
    with collector_set_aside():
        pass
    assert gc.get_freeze_count() > 1000
