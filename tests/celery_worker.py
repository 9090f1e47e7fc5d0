"""A real Celery worker (and beat) process for the job tests, on a queue of the test's own.

Its fixtures (`jobs_queue`, `worker`) reach every test through conftest's pytest_plugins.
The worker shares the test database, so those tests use `transactional_db`.
"""
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from streams_app.models import Job
from tests.conftest import REPO
from tests.database_url import shared_database_url

CELERY = str(Path(sys.executable).parent / "celery")
# Short, so a killed worker's job is resumed within seconds in the tests.
STALE_S = 4


def _env(queue):
    return {**os.environ, "DATABASE_URL": shared_database_url(), "STROM_DEV": "1",
            "JOBS_QUEUE": queue, "JOB_STALE_S": str(STALE_S), "JOB_PROGRESS_INTERVAL_S": "0.2",
            "REPLAY_BATCH_RECORDS": os.environ.get("TEST_REPLAY_BATCH_RECORDS", "200")}


class Process:
    def __init__(self, args, queue, ready_text):
        self.log = tempfile.NamedTemporaryFile(prefix="strom-celery-", suffix=".log", delete=False)
        self.args, self.queue, self.ready_text = args, queue, ready_text
        self.process = None

    def start(self, timeout_s=60):
        self.log.truncate(0)
        self.process = subprocess.Popen(self.args, cwd=REPO, env=_env(self.queue), stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.ready_text in self.output():
                return self
            assert self.process.poll() is None, f"celery exited:\n{self.output()}"
            time.sleep(0.2)
        raise AssertionError(f"celery did not start:\n{self.output()}")

    def output(self):
        return Path(self.log.name).read_text(errors="replace")

    def kill(self):
        """SIGKILL: no warm shutdown, no chance to hand the task back."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def new_worker(queue):
    return Process([CELERY, "-A", "config", "worker", "--pool=solo", "-Q", queue, "--loglevel=INFO",
                    "-n", f"test-{uuid.uuid4().hex[:8]}@%h", "--without-gossip", "--without-mingle"],
                   queue, " ready.")


def new_beat(queue, schedule_dir):
    return Process([CELERY, "-A", "config", "beat", "--loglevel=INFO", "--max-interval", "1",
                    "-s", str(Path(schedule_dir) / "beat-schedule")], queue, "beat: Starting")


def due_at_once(schedule):
    """Let the schedule's first run be due when beat starts, as if its last run was one interval ago (beat
    counts an interval from the last run, so a new schedule first runs an interval after it was made)."""
    PeriodicTask.objects.filter(pk=schedule.periodic_task_id).update(
        last_run_at=timezone.now() - timedelta(seconds=schedule.every_s))


@pytest.fixture
def jobs_queue(settings):
    queue = f"strom-test-jobs-{uuid.uuid4().hex[:8]}"
    settings.JOBS_QUEUE = queue
    return queue


@pytest.fixture
def worker(transactional_db, jobs_queue, kafka_broker, redis_server):
    """A running worker; tests may kill it and start others with `new_worker(jobs_queue)`."""
    started = [new_worker(jobs_queue).start()]
    yield started[0]
    for process in started:
        process.stop()


def wait_for_job(job_id, states=("succeeded", "failed", "cancelled"), timeout_s=60, check=None):
    """Poll the job row until it reaches one of `states` (or `check(job)` holds); return it."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = Job.objects.get(pk=job_id)
        if (check(job) if check else job.state in states):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} stayed {job.state} ({job.done}/{job.total}): {job.error}")
