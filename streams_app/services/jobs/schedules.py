"""Schedules: a saved job run again on an interval or a crontab by Celery beat, as the schedule's owner.

Creating and deleting one is audited, and so is every run. Each run first checks that the owner may
still run the job (active, holding the role starting jobs needs, and the topic role if the job creates
its topic); if not, the schedule is disabled and says why.
"""
import json
import logging

from celery.schedules import crontab as celery_crontab
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from streams_app.models import JobSchedule
from streams_app.services.jobs import runner
from topics_app.errors import AccessDenied, InvalidRequest, ServiceError
from topics_app.models import AuditEntry
from topics_app.roles import OPERATOR, has_role

log = logging.getLogger(__name__)

# The floor of an interval: a schedule every second floods the jobs list and the queue.
MIN_EVERY_S = 10
# Starting a job needs this role (the job pages and API); a schedule's owner must still hold it at each run.
RUNS_JOBS = OPERATOR


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
        raise InvalidRequest(f"every_s must be at least {MIN_EVERY_S} seconds.", field="every_s")
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
    """Start one scheduled run: a new job with the saved job's parameters, started (and audited) as the
    schedule's owner. A run its owner may no longer start disables the schedule instead."""
    schedule = (JobSchedule.objects.select_related("job__cluster", "created_by", "periodic_task")
                .filter(pk=schedule_id).first())
    if schedule is None or schedule.disabled:
        return None
    owner, saved = schedule.created_by, schedule.job
    details = {"kind": saved.kind, "rerun_of": saved.pk, "schedule": schedule.pk, "scheduled": True}
    try:
        with AuditEntry.track(owner, "start_job", cluster=saved.cluster, target=saved.target, details=details):
            check_owner(owner)
            with transaction.atomic():
                job = runner.rerun(saved, owner)
                schedule.last_job = job
                schedule.save(update_fields=["last_job"])
            details["job"] = job.pk
    except AccessDenied as refusal:
        disable(schedule, refusal.message)
        return None
    except ServiceError as error:
        # The cluster is down or the topic went away: this run fails (audited), the next may work.
        log.warning("schedule %s could not start a run: %s", schedule.pk, error.message)
        return None
    return job.pk


def check_owner(owner):
    """Refuse a run whose owner is gone, deactivated or no longer holds the role starting a job needs."""
    if owner is None:
        raise AccessDenied("Its owner's account was deleted.")
    if not owner.is_active:
        raise AccessDenied(f"Its owner {owner.username} was deactivated.")
    if not has_role(owner, RUNS_JOBS):
        raise AccessDenied(f"Its owner {owner.username} no longer holds the {RUNS_JOBS} role its job needs.")


@transaction.atomic
def disable(schedule, reason):
    """Stop the schedule for good, saying why; beat sees the periodic task switched off."""
    log.warning("schedule %s disabled: %s", schedule.pk, reason)
    schedule.disabled_at = timezone.now()
    schedule.disabled_reason = reason
    schedule.save(update_fields=["disabled_at", "disabled_reason"])
    if schedule.periodic_task is not None:
        schedule.periodic_task.enabled = False
        # save(), not update(): beat notices changed tasks through the model's save.
        schedule.periodic_task.save()


def for_job(job):
    return list(JobSchedule.objects.filter(job=job).select_related("periodic_task", "created_by"))

