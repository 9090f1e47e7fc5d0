"""Alert rules, their firings (one row per subject per firing, kept as history) and each notification sent."""
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.urls import reverse

from topics_app.models import Cluster


def masked_url(url):
    """Where a webhook goes (scheme and host) without its path, query or credentials, which often carry its
    token: a Slack webhook's URL is all it takes to post to the channel."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}/…"


class Kind(models.TextChoices):
    GROUP_LAG = "group_lag", "Group lag above N messages"
    GROUP_TIME_LAG = "group_time_lag", "Group time lag above N seconds"
    GROUP_STUCK = "group_stuck", "Group stuck: lag above N and nothing consumed"
    UNDER_REPLICATED = "under_replicated", "Under-replicated partitions above N"
    UNDER_MIN_ISR = "under_min_isr", "Partitions under min ISR above N"
    OFFLINE_PARTITIONS = "offline_partitions", "Offline partitions above N"
    BROKER_DOWN = "broker_down", "Broker down"
    TOPIC_RATE_BELOW = "topic_rate_below", "Topic rate below N messages/s"
    TOPIC_RATE_ABOVE = "topic_rate_above", "Topic rate above N messages/s"
    JOB_FAILED = "job_failed", "Job failed"
    CONNECTOR_FAILED = "connector_failed", "Connector or task failed"


class AlertRule(models.Model):
    class PatternType(models.TextChoices):
        GLOB = "glob", "Glob (*, ?, [abc])"
        REGEX = "regex", "Regular expression"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="alert_rules")
    target = models.CharField(
        max_length=500, default="*", blank=True,
        help_text="The topics, groups, brokers, jobs' topics or connectors it watches; empty or * for all.")
    pattern_type = models.CharField(max_length=10, choices=PatternType.choices, default=PatternType.GLOB)
    threshold = models.FloatField(default=0)
    for_s = models.PositiveIntegerField("for (seconds)", default=0,
                                        help_text="How long the condition must hold before the rule fires.")
    renotify_s = models.PositiveIntegerField(
        "re-notify every (seconds)", null=True, blank=True,
        help_text="Repeat the firing notification this often while it lasts; empty for once.")
    channels = models.JSONField(default=list, blank=True,
                                help_text='[{"type": "webhook", "url": ...} | {"type": "email", "to": ...}]')
    silenced_until = models.DateTimeField(null=True, blank=True)
    evaluation_error = models.TextField(
        blank=True, help_text="Why the last evaluation could not measure; empty when it could.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("alerts_app:rule-detail", args=[self.pk])

    def channels_shown(self, reveal_secrets):
        """The channels, each webhook's URL cut to its host unless secrets may be revealed."""
        return [{**channel, "url": masked_url(channel.get("url", ""))}
                if channel.get("type") == "webhook" and not reveal_secrets else channel
                for channel in self.channels]


class Firing(models.Model):
    """One subject's breach of a rule: pending until it held for_s, then firing, then resolved (kept as history)."""

    class State(models.TextChoices):
        PENDING = "pending"
        FIRING = "firing"
        RESOLVED = "resolved"

    rule = models.ForeignKey(AlertRule, on_delete=models.CASCADE, related_name="firings")
    subject = models.CharField(max_length=500)
    state = models.CharField(max_length=10, choices=State.choices, db_index=True)
    value = models.FloatField()
    breached_at = models.DateTimeField(help_text="When the condition was first seen.")
    since = models.DateTimeField(null=True, blank=True, help_text="When it started firing.")
    resolved_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    silenced = models.BooleanField(
        default=False, help_text="A transition that was not notified: the rule was silenced.")

    class Meta:
        ordering = ["-breached_at"]
        indexes = [models.Index(fields=["rule", "state"])]

    def __str__(self):
        return f"{self.rule} {self.subject} {self.state}"


class Delivery(models.Model):
    """One notification of one transition to one channel, with every attempt's outcome."""

    class State(models.TextChoices):
        PENDING = "pending"
        DELIVERED = "delivered"
        FAILED = "failed"

    firing = models.ForeignKey(Firing, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.JSONField()
    payload = models.JSONField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True,
                                           help_text="When the sending task is due to try it (next).")

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "deliveries"

    @property
    def transition(self):
        return self.payload.get("state", "")

    @property
    def destination(self):
        """The e-mail addresses, or the webhook's host only (the rule's page shows admins the whole URL)."""
        if self.channel.get("type") == "webhook":
            return masked_url(self.channel.get("url", ""))
        return self.channel.get("to") or ""
