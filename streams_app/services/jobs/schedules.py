"""Schedules: a saved job run again on an interval or a crontab by Celery beat. Creating and deleting one is audited."""
import json

from celery.schedules import crontab as celery_crontab
from django.conf import settings
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from streams_app.models import JobSchedule
from streams_app.services.jobs import runner
from topics_app.errors import InvalidRequest
from topics_app.models import AuditEntry

MIN_EVERY_S = 1


def clean(every_s, crontab):
    crontab = (crontab or "").strip()
    if every_s in (None, "") and not crontab:
        raise InvalidRequest("Give every_s (seconds) or a crontab.", field="every_s")
    if every_s not in (None, "") and crontab:
        raise InvalidRequest("Give every_s or a crontab, not both.", field="crontab")
    if crontab:
        parts = crontab.split()
        if len(parts) != 5:
            raise InvalidRequest("crontab needs five fields: minute hour day-of-month month day-of-week.",
                                 field="crontab")
        try:
            celery_crontab(*parts)
        except (ValueError, TypeError) as error:
            raise InvalidRequest(f"crontab: {error}", field="crontab") from None
        return None, crontab
    try:
        every_s = int(every_s)
    except (TypeError, ValueError):
        raise InvalidRequest("every_s must be a whole number of seconds.", field="every_s") from None
    if every_s < MIN_EVERY_S:
        raise InvalidRequest(f"every_s must be at least {MIN_EVERY_S}.", field="every_s")
    return every_s, ""


def create(job, every_s=None, crontab="", *, actor):
    """Schedule `job` to run again every `every_s` seconds or on a crontab; the runs are started as `actor`."""
    details = {"job": job.pk, "every_s": every_s, "crontab": crontab}
    with AuditEntry.track(actor, "schedule_job", cluster=job.cluster, target=job.target, details=details):
        every_s, crontab = clean(every_s, crontab)
        details.update(every_s=every_s, crontab=crontab)
        return _create(job, every_s, crontab, actor)


@transaction.atomic
def _create(job, every_s, crontab, actor):
    schedule = JobSchedule.objects.create(job=job, every_s=every_s, crontab=crontab,
                                          created_by=actor if actor and actor.is_authenticated else None)
    timing = {}
    if every_s:
        timing["interval"], _ = IntervalSchedule.objects.get_or_create(every=every_s, period=IntervalSchedule.SECONDS)
    else:
        minute, hour, day_of_month, month, day_of_week = crontab.split()
        timing["crontab"], _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_month=day_of_month, month_of_year=month, day_of_week=day_of_week,
            timezone=settings.TIME_ZONE)
    schedule.periodic_task = PeriodicTask.objects.create(
        name=f"strom job schedule {schedule.pk}", task="streams_app.run_scheduled_job",
        args=json.dumps([schedule.pk]), queue=settings.JOBS_QUEUE, **timing)
    schedule.save(update_fields=["periodic_task"])
    return schedule


def delete(schedule, *, actor):
    job = schedule.job
    with AuditEntry.track(actor, "unschedule_job", cluster=job.cluster, target=job.target,
                          details={"job": job.pk, "schedule": schedule.pk}):
        _delete(schedule)


@transaction.atomic
def _delete(schedule):
    if schedule.periodic_task_id:
        schedule.periodic_task.delete()
    schedule.delete()


def fire(schedule_id):
    """Start one scheduled run: a new job with the saved job's parameters."""
    schedule = JobSchedule.objects.select_related("job").filter(pk=schedule_id).first()
    if schedule is None:
        return None
    with transaction.atomic():
        job = runner.rerun(schedule.job, schedule.created_by)
        schedule.last_job = job
        schedule.save(update_fields=["last_job"])
    return job.pk


def for_job(job):
    return list(JobSchedule.objects.filter(job=job).select_related("periodic_task"))

