"""Starting, running, cancelling and recovering jobs; the Celery tasks and views call these."""
import logging
import os
import socket

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from streams_app.models import Job, JobPart
from streams_app.services.jobs import generate, ingest, replay, topic_creation
from streams_app.services.jobs.common import Cancelled, QueueUnavailable, collector_set_aside
from topics_app import errors

log = logging.getLogger(__name__)

KINDS = {Job.Kind.INGEST: ingest, Job.Kind.GENERATE: generate, Job.Kind.REPLAY: replay}
# The kinds a job of which may be split by partition into parts that several workers run at once.
SPLIT_BY_PARTITION = {Job.Kind.REPLAY: replay}


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
    _send("streams_app.run_job", job_id, countdown)
    Job.objects.filter(pk=job_id).update(queued_at=timezone.now())


def _send(task, job_id, countdown=None):
    try:
        # By name: services never import the tasks module, which imports them.
        current_app.send_task(task, args=[job_id], queue=settings.JOBS_QUEUE, countdown=countdown)
    except OperationalError as error:
        raise QueueUnavailable(f"The job queue cannot be reached, so the job was not started ({error}). "
                               "Try again once the queue (Redis) is back.") from error


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}"


def run(job_id):
    """Run a job to its end on this worker. Returns the final state, or None if another worker holds it."""
    job = Job.claim(job_id, worker_name(), settings.JOB_STALE_S)
    if job is None:
        log.info("job %s is finished or held by another worker; nothing to do", job_id)
        return None
    with collector_set_aside():
        return _run_to_end(job, lambda: _work(job))


def _work(job):
    if job.cancel_requested:
        raise Cancelled()
    split = SPLIT_BY_PARTITION.get(job.kind)
    shares = split.shares(job.cluster, job) if split else None
    if not shares:
        return KINDS[job.kind].run(job.cluster, job)
    if not job.parts.exists():
        JobPart.objects.bulk_create(JobPart(job=job, index=i, partitions=share) for i, share in enumerate(shares))
        try:
            for _ in shares[1:]:  # for other workers; this one runs a part too
                _send("streams_app.run_job_parts", job.pk)
        except QueueUnavailable:
            log.warning("job %s: the queue did not take the tasks for its parts; this worker runs them", job.pk)
    return _run_parts(job)


def run_parts(job_id):
    """Run the parts of a split job that no live worker holds; the worker that ends the last part ends the job."""
    job = Job.objects.filter(pk=job_id).select_related("cluster").first()
    if job is None or job.finished:
        return None
    with collector_set_aside():
        return _run_to_end(job, lambda: _run_parts(job))


class PartsRunElsewhere(Exception):
    """The job's remaining parts run on other workers, the one that ends the last part ends the job; or the job
    has ended already."""


def _run_parts(job):
    kind = SPLIT_BY_PARTITION[job.kind]
    while (part := JobPart.claim_one(job, worker_name(), settings.JOB_STALE_S)) is not None:
        log.info("job %s: running part %s (partitions %s)", job.pk, part.index, part.partitions)
        if _run_to_end(part, lambda: kind.run_part(job.cluster, job, part)) == Job.State.FAILED:
            break
    parts = list(job.parts.all())
    job.refresh_from_db()
    if job.finished:
        raise PartsRunElsewhere()
    job.done = sum(part.done for part in parts)
    failed = next((part for part in parts if part.state == Job.State.FAILED), None)
    if failed is not None:  # at once: the other parts see the job failed and stop
        raise errors.ServiceError(f"Part {failed.index} (partitions {', '.join(map(str, failed.partitions))}) "
                                  f"failed: {failed.error}")
    if not all(part.finished for part in parts):
        raise PartsRunElsewhere()
    if any(part.state == Job.State.CANCELLED for part in parts):
        raise Cancelled()
    return kind.combine(job, parts)


def _run_to_end(row, work):
    """Run `work()` and end `row` (a job or a part) in the state it leads to: the row ends whatever went wrong.
    Returns the state, or None when another worker took the row over."""
    try:
        result = work()
    except Cancelled:
        row.finish(Job.State.CANCELLED, result=row.result or None)
    except (errors.Fenced, PartsRunElsewhere):
        # A newer run of the same job took over (this worker was thought dead), or other workers still run parts.
        log.info("%s is left to another worker", row)
        return None
    except errors.ServiceError as error:
        row.finish(Job.State.FAILED, error=error.message)
    except Exception as error:
        log.exception("%s failed", row)
        row.finish(Job.State.FAILED, error=f"{type(error).__name__}: {error}")
    else:
        row.finish(Job.State.SUCCEEDED, result=result)
    return row.state


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
    # A job split into parts stays alive while any part reports: a part whose worker died is looked for here.
    orphaned = set(JobPart.stalled(settings.JOB_STALE_S).exclude(job_id__in=stalled).values_list("job_id", flat=True))
    for job_id in sorted(orphaned):
        log.warning("job %s: a part lost its worker; queueing the job's parts again", job_id)
        _send("streams_app.run_job_parts", job_id)
    return stalled + unqueued + sorted(orphaned)


def cancel(job):
    job.request_cancel()
    return job
