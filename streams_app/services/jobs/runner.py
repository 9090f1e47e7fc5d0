"""Starting, running, cancelling and recovering jobs; the Celery tasks and views call these."""
import logging
import os
import socket

from celery import current_app
from django.conf import settings
from django.db import transaction

from streams_app.models import Job
from streams_app.services.jobs import generate, ingest, replay, topic_creation
from streams_app.services.jobs.common import Cancelled
from topics_app import errors

log = logging.getLogger(__name__)

KINDS = {Job.Kind.INGEST: ingest, Job.Kind.GENERATE: generate, Job.Kind.REPLAY: replay}


def create(kind, cluster, user, params, rerun_of=None):
    """Validate `params` for `kind`, save the job and queue it once the row is committed."""
    cleaned = KINDS[kind].clean_params(cluster, params)
    topic_creation.check(user, kind, cluster, cleaned)
    job = Job.objects.create(kind=kind, cluster=cluster, params=cleaned, rerun_of=rerun_of,
                             created_by=user if user is not None and user.is_authenticated else None)
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


def rerun(job, user):
    """A new job with the same parameters (an uploaded file is read again from where it was kept)."""
    return create(job.kind, job.cluster, user, job.params, rerun_of=job)


def enqueue(job_id, countdown=None):
    # By name: services never import the tasks module, which imports them.
    current_app.send_task("streams_app.run_job", args=[job_id], queue=settings.JOBS_QUEUE, countdown=countdown)


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
    """Queue again every running job whose worker stopped renewing its heartbeat (killed, lost).

    Redis hands an unacknowledged task to another worker only after the visibility timeout
    (hours), so the job rows, not the broker, tell which jobs lost their worker.
    """
    ids = list(Job.stalled(settings.JOB_STALE_S).values_list("pk", flat=True))
    for job_id in ids:
        log.warning("job %s lost its worker; queueing it again to resume", job_id)
        enqueue(job_id)
    return ids


def cancel(job):
    job.request_cancel()
    return job
