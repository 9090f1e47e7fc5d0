"""Thin Celery tasks over the job service: they take ids, never objects."""
from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings

from streams_app.services.jobs import runner, schedules, uploads


@shared_task(name="streams_app.run_job", ignore_result=True)
def run_job(job_id):
    return runner.run(job_id)


@shared_task(name="streams_app.run_job_parts", ignore_result=True)
def run_job_parts(job_id):
    return runner.run_parts(job_id)


@shared_task(name="streams_app.recover_stalled_jobs", ignore_result=True)
def recover_stalled_jobs():
    return runner.recover_stalled()


@shared_task(name="streams_app.forget_unused_uploads", ignore_result=True)
def forget_unused_uploads():
    return uploads.forget_unused(settings.KEPT_UPLOAD_MAX_AGE_S)


@shared_task(name="streams_app.run_scheduled_job", ignore_result=True)
def run_scheduled_job(schedule_id):
    return schedules.fire(schedule_id)


@worker_ready.connect
def look_for_orphans(**_):
    # A worker killed mid-job left its job running; once that job's heartbeat is stale, resume it.
    recover_stalled_jobs.apply_async(queue=settings.JOBS_QUEUE, countdown=settings.JOB_STALE_S + 1)
