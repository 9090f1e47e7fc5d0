"""Starting, running, cancelling and recovering jobs; the Celery tasks and views call these."""
import logging
import os
import socket

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from streams_app.models import Job
from streams_app.services.jobs import generate, ingest, replay, topic_creation
from streams_app.services.jobs.common import Cancelled, QueueUnavailable
from topics_app import errors

log = logging.getLogger(__name__)

KINDS = {Job.Kind.INGEST: ingest, Job.Kind.GENERATE: generate, Job.Kind.REPLAY: replay}


def create(kind, cluster, user, params, rerun_of=None):
    """Validate `params` for `kind`, save the job and queue it once the row is committed.

    Raises QueueUnavailable (after the row is committed, from the commit) when the queue does not
    take the task; the job is then withdrawn, so no row waits for a task that was never sent.
    """
    cleaned = KINDS[kind].clean_params(cluster, params)
    topic_creation.check(user, kind, cluster, cleaned)
    job = Job.objects.create(kind=kind, cluster=cluster, params=cleaned, rerun_of=rerun_of,
                             created_by=user if user is not None and user.is_authenticated else None)
    transaction.on_commit(lambda: _queue_new(job))
    return job


def _queue_new(job):
    try:
        enqueue(job.pk)
    except QueueUnavailable:
        withdrawn, _ = Job.objects.filter(pk=job.pk, state=Job.State.PENDING).delete()
        if withdrawn:
            raise
        # The send failed late, yet a worker already took the job: it runs, so the start stands.
        log.warning("job %s: the queue reported an error, but a worker has the job", job.pk)


def rerun(job, user):
    """A new job with the same parameters (an uploaded file is read again from where it was kept)."""
    return create(job.kind, job.cluster, user, job.params, rerun_of=job)


def enqueue(job_id, countdown=None):
    """Hand the job's task to the queue; QueueUnavailable when the broker cannot be reached."""
    try:
        # By name: services never import the tasks module, which imports them.
        current_app.send_task("streams_app.run_job", args=[job_id], queue=settings.JOBS_QUEUE, countdown=countdown)
    except OperationalError as error:
        raise QueueUnavailable(f"The job queue cannot be reached, so the job was not started ({error}). "
                               "Try again once the queue (Redis) is back.") from error
    Job.objects.filter(pk=job_id).update(queued_at=timezone.now())


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}"


def run(job_id):
    """Run a job to its end on this worker. Returns the final state, or None if another worker holds it."""
    job = Job.claim(job_id, worker_name(), settings.JOB_STALE_S)
    if job is None:
        log.info("job %s is finished or held by another worker; nothing to do", job_id)
        return None
    try:
        if job.cancel_requested:
            raise Cancelled()
        result = KINDS[job.kind].run(job.cluster, job)
    except Cancelled:
        job.finish(Job.State.CANCELLED, result=job.result or None)
    except errors.Fenced:
        # A newer run of the same job took over (this worker was thought dead); it owns the row now.
        log.warning("job %s was taken over by another worker", job_id)
        return None
    except errors.ServiceError as error:
        job.finish(Job.State.FAILED, error=error.message)
    except Exception as error:  # the job row must end in a state whatever went wrong
        log.exception("job %s failed", job_id)
        job.finish(Job.State.FAILED, error=f"{type(error).__name__}: {error}")
    else:
        job.finish(Job.State.SUCCEEDED, result=result)
    return job.state


def recover_stalled():
    """Queue again every running job whose worker stopped renewing its heartbeat (killed, lost), and
    every pending job whose task should have started by now (lost by a restarted Redis, or never sent).

    Redis hands an unacknowledged task to another worker only after the visibility timeout
    (hours), so the job rows, not the broker, tell which jobs lost their worker. A job that only
    waits its turn behind others gets a second task now and then; the first to claim the job runs
    it, and the other finds it taken and does nothing.
    """
    stalled = list(Job.stalled(settings.JOB_STALE_S).values_list("pk", flat=True))
    for job_id in stalled:
        log.warning("job %s lost its worker; queueing it again to resume", job_id)
        enqueue(job_id)
    unqueued = list(Job.unqueued(settings.JOB_PENDING_GRACE_S).values_list("pk", flat=True))
    for job_id in unqueued:
        log.warning("job %s is still pending; queueing it again", job_id)
        enqueue(job_id)
    return stalled + unqueued


def cancel(job):
    job.request_cancel()
    return job
