"""Jobs: a database row is the truth for every ingest, generator and replay run."""
import time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from streams_app.services.jobs import progress


class Job(models.Model):
    class Kind(models.TextChoices):
        INGEST = "ingest"
        GENERATE = "generate"
        REPLAY = "replay"

    class State(models.TextChoices):
        PENDING = "pending"
        RUNNING = "running"
        SUCCEEDED = "succeeded"
        FAILED = "failed"
        CANCELLED = "cancelled"

    FINISHED = (State.SUCCEEDED, State.FAILED, State.CANCELLED)

    kind = models.CharField(max_length=20, choices=Kind.choices)
    cluster = models.ForeignKey("topics_app.Cluster", on_delete=models.CASCADE, related_name="jobs")
    params = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING, db_index=True)
    done = models.BigIntegerField(default=0)
    total = models.BigIntegerField(null=True, blank=True, help_text="Empty while unknown.")
    checkpoint = models.JSONField(default=dict, blank=True,
                                  help_text="What a resumed run needs, e.g. the replay's offset range.")
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    cancel_requested = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    rerun_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reruns")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The worker running the job renews this; a running job whose heartbeat is stale lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=200, blank=True)
    # When its task was last handed to the queue (empty: never). A job still pending long after that
    # lost its task (Redis restarted without its data) or never had one, and is queued again.
    queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.kind} job {self.pk} ({self.state})"

    def get_absolute_url(self):
        return reverse("streams_app:job", args=[self.pk])

    # --- what pages and the API show ---------------------------------------------------------

    @property
    def finished(self):
        return self.state in self.FINISHED

    @property
    def percent(self):
        if not self.total:
            return 100 if self.state == self.State.SUCCEEDED else 0
        return min(100, int(self.done * 100 / self.total))

    @property
    def target(self):
        return self.params.get("target_topic") or self.params.get("topic") or ""

    def progress_frame(self):
        return {"type": "progress", "state": self.state, "done": self.done, "total": self.total,
                "error": self.error}

    # --- state transitions ---------------------------------------------------------------------

    @classmethod
    def claim(cls, pk, worker, stale_after_s):
        """Take the job for this worker: a pending one, or a running one whose worker went silent.

        One UPDATE, so two workers handed the same job (a redelivered task, a recovery) never
        both run it. Returns the job, or None when someone else holds it or it is finished.
        """
        now = timezone.now()
        taken = cls.objects.filter(pk=pk).filter(_claimable(stale_after_s)).update(
            state=cls.State.RUNNING, heartbeat_at=now, worker=worker)
        if not taken:
            return None
        job = cls.objects.get(pk=pk)
        if job.started_at is None:
            job.started_at = now
            job.save(update_fields=["started_at"])
        job._last_write = 0.0
        job.push()
        return job

    @classmethod
    def stalled(cls, stale_after_s):
        stale = timezone.now() - timezone.timedelta(seconds=stale_after_s)
        return cls.objects.filter(state=cls.State.RUNNING, heartbeat_at__lt=stale)

    @classmethod
    def unqueued(cls, grace_s):
        """Pending jobs whose task should have started by now: queued (or, never queued, created) over `grace_s` ago."""
        before = timezone.now() - timezone.timedelta(seconds=grace_s)
        return cls.objects.filter(state=cls.State.PENDING).filter(
            Q(queued_at__lt=before) | Q(queued_at__isnull=True, created_at__lt=before))

    def finish(self, state, error="", result=None):
        self.state = state
        self.error = error
        if result is not None:
            self.result = result
        self.finished_at = timezone.now()
        self.save(update_fields=["state", "error", "result", "finished_at", "done", "total", "checkpoint"])
        self.push()

    def request_cancel(self):
        """Ask a running job to stop; a job no worker has started yet is cancelled at once."""
        cancelled_now = Job.objects.filter(pk=self.pk, state=self.State.PENDING).update(
            state=self.State.CANCELLED, cancel_requested=True, finished_at=timezone.now())
        if not cancelled_now:
            Job.objects.filter(pk=self.pk).exclude(state__in=self.FINISHED).update(cancel_requested=True)
        self.refresh_from_db()
        self.push()

    # --- what a running job calls ---------------------------------------------------------------

    def report(self, done, total=None, force=False):
        """Record progress; written (with the heartbeat and the cancel flag read back) at a bounded rate."""
        self.done = done
        if total is not None:
            self.total = total
        now = time.monotonic()
        if not force and now - getattr(self, "_last_write", 0.0) < settings.JOB_PROGRESS_INTERVAL_S:
            return
        self._last_write = now
        Job.objects.filter(pk=self.pk).update(done=self.done, total=self.total, heartbeat_at=timezone.now())
        self.cancel_requested = Job.objects.filter(pk=self.pk).values_list("cancel_requested", flat=True).first()
        self.push()

    def should_stop(self):
        """Whether a cancel was asked for; read from the database at most at the progress rate."""
        self.report(self.done)
        return bool(self.cancel_requested)

    def save_checkpoint(self, checkpoint):
        self.checkpoint = checkpoint
        Job.objects.filter(pk=self.pk).update(checkpoint=checkpoint, heartbeat_at=timezone.now())

    def push(self):
        """Send the progress frame to everyone watching the job (the `job.<id>` channel-layer group)."""
        progress.push(self.pk, self.progress_frame())


def _claimable(stale_after_s):
    """A job or part that is pending, or running on a worker whose heartbeat went stale."""
    stale = timezone.now() - timezone.timedelta(seconds=stale_after_s)
    return Q(state=Job.State.PENDING) | Q(state=Job.State.RUNNING, heartbeat_at__lt=stale)


class JobPart(models.Model):
    """A share of a job's partitions that any worker may run while others run the other shares (a replay split
    by partition). The job's row keeps the sum of its parts' progress, and ends when its parts have ended."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="parts")
    index = models.PositiveIntegerField()
    partitions = models.JSONField(help_text="The source partitions this part copies.")
    state = models.CharField(max_length=20, choices=Job.State.choices, default=Job.State.PENDING)
    done = models.BigIntegerField(default=0)
    total = models.BigIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["job", "index"]
        constraints = [models.UniqueConstraint(fields=["job", "index"], name="one_part_per_index")]

    def __str__(self):
        return f"part {self.index} of {self.job}"

    @property
    def finished(self):
        return self.state in Job.FINISHED

    @property
    def params(self):
        return self.job.params

    @classmethod
    def claim_one(cls, job, worker, stale_after_s):
        """Take a part of `job` no live worker holds, for this worker; None when there is none."""
        claimable = job.parts.filter(_claimable(stale_after_s), job__state=Job.State.RUNNING)
        for pk in claimable.values_list("pk", flat=True):
            if cls.objects.filter(pk=pk).filter(_claimable(stale_after_s)).update(
                    state=Job.State.RUNNING, heartbeat_at=timezone.now(), worker=worker):
                part = cls.objects.select_related("job").get(pk=pk)
                part._last_write = 0.0
                return part
        return None

    @classmethod
    def stalled(cls, stale_after_s):
        """Running parts of running jobs whose worker went silent."""
        stale = timezone.now() - timezone.timedelta(seconds=stale_after_s)
        return cls.objects.filter(state=Job.State.RUNNING, heartbeat_at__lt=stale, job__state=Job.State.RUNNING)

    def report(self, done, total=None, force=False):
        """Record this part's progress and the job's sum, and renew both heartbeats, at a bounded rate; read
        back whether the job should stop (a cancel, or another part failed it)."""
        self.done = done
        if total is not None:
            self.total = total
        now = time.monotonic()
        if not force and now - self._last_write < settings.JOB_PROGRESS_INTERVAL_S:
            return
        self._last_write = now
        JobPart.objects.filter(pk=self.pk).update(done=self.done, total=self.total, heartbeat_at=timezone.now())
        job = self.job
        job.done = JobPart.objects.filter(job=job).aggregate(done=models.Sum("done"))["done"]
        Job.objects.filter(pk=job.pk).update(done=job.done, heartbeat_at=timezone.now())
        job.cancel_requested, job.state = Job.objects.filter(pk=job.pk).values_list(
            "cancel_requested", "state").get()
        job.push()

    def should_stop(self):
        self.report(self.done)
        return bool(self.job.cancel_requested) or self.job.finished

    def finish(self, state, error="", result=None):
        self.state, self.error = state, error
        if result is not None:
            self.result = result
        self.save(update_fields=["state", "error", "result", "done", "total"])


class JobSchedule(models.Model):
    """Runs a saved job again on an interval or a crontab, through Celery beat's PeriodicTask."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="schedules",
                            help_text="Each run is a new job with this job's parameters.")
    every_s = models.PositiveIntegerField(null=True, blank=True, help_text="Run every this many seconds.")
    crontab = models.CharField(max_length=100, blank=True, help_text="minute hour day-of-month month day-of-week")
    periodic_task = models.OneToOneField("django_celery_beat.PeriodicTask", null=True, blank=True,
                                         on_delete=models.SET_NULL)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    last_job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.TextField(blank=True, help_text="Why the schedule stopped running, e.g. its owner "
                                                             "was deactivated or lost the role its job needs.")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.job.kind} job {self.job_id} {self.describe()}"

    @property
    def disabled(self):
        return bool(self.disabled_reason)

    def describe(self):
        return f"every {self.every_s} s" if self.every_s else f"cron {self.crontab}"
