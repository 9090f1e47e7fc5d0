import hashlib
import re
import ssl
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse

from topics_app.errors import ClusterMisconfigured


def ca_context(pem):
    """The SSL context that trusts `pem` (the system's CAs when it is empty); ssl.SSLError, ValueError or
    TypeError when `pem` is not a certificate OpenSSL can read."""
    return ssl.create_default_context(cadata=pem.strip() or None)


def certificate_problem(pem):
    """Why `pem` cannot serve as a CA certificate, or "" when it can (or is empty)."""
    try:
        ca_context(pem)
    except (ssl.SSLError, ValueError, TypeError) as error:
        reason = re.sub(r"\s*\(_ssl\.c:\d+\)", "", str(error))
        return (f"The CA certificate does not parse ({reason}). Paste the PEM text from "
                f"-----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.")
    return ""


class Cluster(models.Model):
    """A Kafka cluster Strom connects to. Secrets stay in the database and are never shown back."""

    class SecurityProtocol(models.TextChoices):
        PLAINTEXT = "PLAINTEXT"
        SSL = "SSL"
        SASL_PLAINTEXT = "SASL_PLAINTEXT"
        SASL_SSL = "SASL_SSL"

    class SaslMechanism(models.TextChoices):
        PLAIN = "PLAIN"
        SCRAM_SHA_256 = "SCRAM-SHA-256"
        SCRAM_SHA_512 = "SCRAM-SHA-512"

    name = models.SlugField(
        max_length=100, unique=True, help_text="Short name used in URLs, for example 'local' or 'prod-eu'."
    )
    bootstrap_servers = models.CharField(
        max_length=500,
        validators=[RegexValidator(r"^[\w.\-\[\]:]+:\d+(,[\w.\-\[\]:]+:\d+)*$", "Use host:port, comma-separated.")],
        help_text="host:port[,host:port...]",
    )
    security_protocol = models.CharField(
        max_length=20, choices=SecurityProtocol.choices, default=SecurityProtocol.PLAINTEXT
    )
    sasl_mechanism = models.CharField(max_length=20, choices=SaslMechanism.choices, blank=True)
    username = models.CharField(max_length=200, blank=True)
    password = models.CharField(max_length=500, blank=True)
    ca_certificate = models.TextField(blank=True, help_text="PEM-encoded CA certificate for SSL/SASL_SSL.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("topics_app:cluster-overview", args=[self.name])

    @classmethod
    def ensure_default(cls):
        """The cluster named in settings, created from KAFKA_BOOTSTRAP_SERVERS on first use."""
        cluster, _ = cls.objects.get_or_create(
            name=settings.KAFKA_DEFAULT_CLUSTER_NAME,
            defaults={"bootstrap_servers": settings.KAFKA_BOOTSTRAP_SERVERS},
        )
        return cluster

    @property
    def uses_sasl(self):
        return self.security_protocol in (self.SecurityProtocol.SASL_PLAINTEXT, self.SecurityProtocol.SASL_SSL)

    @property
    def uses_ssl(self):
        return self.security_protocol in (self.SecurityProtocol.SSL, self.SecurityProtocol.SASL_SSL)

    @property
    def connection_fingerprint(self):
        """Changes whenever a setting that affects the connection changes, so cached clients are rebuilt."""
        parts = [self.bootstrap_servers, self.security_protocol, self.sasl_mechanism, self.username,
                 self.password, self.ca_certificate]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def configuration_problems(self):
        """{field: why} for the settings no Kafka client can be built from; empty when there are none.

        The admin form refuses such settings (see `clean`), but a row saved before that check, or from
        the shell, may still have them.
        """
        problems = {}
        if self.ca_certificate.strip():
            problem = certificate_problem(self.ca_certificate)
            if problem:
                problems["ca_certificate"] = problem
        if self.uses_sasl:
            if not self.username:
                problems["username"] = "SASL needs a username."
            if not self.password:
                problems["password"] = "SASL needs a password."
        return problems

    @property
    def configuration_error(self):
        """What stops Strom from using this cluster, in words; "" when nothing does."""
        return " ".join(self.configuration_problems().values())

    def clean(self):
        problems = self.configuration_problems()
        if problems:
            raise ValidationError(problems)

    def _usable(self):
        problem = self.configuration_error
        if problem:
            raise ClusterMisconfigured(
                f"Cluster {self.name} cannot be used until an admin corrects its settings "
                f"(Administration, Clusters): {problem}")

    def client_config(self):
        """Connection settings for kafka-python's clients; ClusterMisconfigured when none can be built."""
        self._usable()
        config = {
            "bootstrap_servers": self.bootstrap_servers.split(","),
            "security_protocol": self.security_protocol,
        }
        if self.uses_sasl:
            config.update(
                sasl_mechanism=self.sasl_mechanism or self.SaslMechanism.PLAIN,
                sasl_plain_username=self.username,
                sasl_plain_password=self.password,
            )
        if self.uses_ssl:
            config["ssl_context"] = ca_context(self.ca_certificate)
        return config

    def librdkafka_config(self):
        """The same connection settings for confluent-kafka (librdkafka), which carries the jobs' bulk data."""
        self._usable()
        config = {"bootstrap.servers": self.bootstrap_servers, "security.protocol": self.security_protocol}
        if self.uses_sasl:
            config.update({"sasl.mechanism": self.sasl_mechanism or self.SaslMechanism.PLAIN,
                           "sasl.username": self.username, "sasl.password": self.password})
        if self.uses_ssl:
            # As kafka-python's default SSL context: the given CA, else the system's; the host name is checked.
            config["ssl.endpoint.identification.algorithm"] = "https"
            if self.ca_certificate.strip():
                config["ssl.ca.pem"] = self.ca_certificate.strip()
            else:
                config["ssl.ca.location"] = "probe"
        return config


class AuditEntry(models.Model):
    """One change someone made through Strom, with its outcome."""

    class Result(models.TextChoices):
        OK = "ok"
        FAILED = "failed"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    username = models.CharField(max_length=150, help_text="Kept even if the user is deleted.")
    cluster = models.CharField(max_length=100, blank=True)
    action = models.CharField(max_length=100)
    target = models.CharField(max_length=500, blank=True)
    details = models.JSONField(default=dict, blank=True)
    result = models.CharField(max_length=10, choices=Result.choices)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name_plural = "audit entries"

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.action} {self.target} {self.result}"

    @classmethod
    def record(cls, user, action, *, cluster=None, target="", details=None, error=""):
        return cls.objects.create(
            user=user if user and user.is_authenticated else None,
            username=getattr(user, "username", "") or "anonymous",
            cluster=str(cluster or ""),
            action=action,
            target=target,
            details=details or {},
            result=cls.Result.FAILED if error else cls.Result.OK,
            error=error,
        )

    @classmethod
    @contextmanager
    def track(cls, user, action, *, cluster=None, target="", details=None):
        """Audit the block: an `ok` entry when it completes, a `failed` one with the error when it raises."""
        try:
            yield
        except Exception as error:
            cls.record(user, action, cluster=cluster, target=target, details=details,
                       error=getattr(error, "message", None) or str(error) or type(error).__name__)
            raise
        cls.record(user, action, cluster=cluster, target=target, details=details)


class SampleQuerySet(models.QuerySet):
    def prune(self, older_than):
        """Delete samples taken before `older_than`; returns how many went."""
        deleted, _ = self.filter(at__lt=older_than).delete()
        return deleted


class LagSample(models.Model):
    """A consumer group's lag on one topic at one moment, summed over its partitions.

    Written by the periodic sampler; the group page charts them. One row per group and topic
    per sample keeps a week at 30 s within a few hundred thousand rows for a busy cluster.
    """

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="lag_samples")
    group_id = models.CharField(max_length=255)
    topic = models.CharField(max_length=255)
    at = models.DateTimeField(db_index=True)
    lag = models.BigIntegerField()
    # Sum of the committed offsets the lag was measured from; its growth between samples is what was consumed.
    committed = models.BigIntegerField(null=True)

    objects = SampleQuerySet.as_manager()

    class Meta:
        ordering = ["at"]
        indexes = [models.Index(fields=["cluster", "group_id", "at"])]

    def __str__(self):
        return f"{self.group_id} {self.topic} {self.lag} at {self.at:%Y-%m-%d %H:%M:%S}"


class TopicOffsetSample(models.Model):
    """A topic's log-end offset per partition at one moment, written with the lag samples; the growth between
    two samples is the rate records came in. One row per topic per sample, partitions in one list."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="offset_samples")
    topic = models.CharField(max_length=255)
    at = models.DateTimeField(db_index=True)
    # Index = partition; None where the partition's leader could not be reached at that moment.
    end_offsets = models.JSONField()

    objects = SampleQuerySet.as_manager()

    class Meta:
        ordering = ["at"]
        indexes = [models.Index(fields=["cluster", "topic", "at"]), models.Index(fields=["cluster", "at"])]

    def __str__(self):
        return f"{self.topic} {self.end_offsets} at {self.at:%Y-%m-%d %H:%M:%S}"


class ReassignmentThrottle(models.Model):
    """The replication throttles Strom set for one reassignment, kept so that only these are removed when it ends.

    brokers: {broker id: {config: value}}; topics: {topic: {config: value}}; partitions: [[topic, partition]]
    whose reassignment the throttles serve. A config is removed only while it still holds the value recorded
    here: one someone changed since is theirs.
    """

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="reassignment_throttles")
    partitions = models.JSONField()
    brokers = models.JSONField(default=dict)
    topics = models.JSONField(default=dict)
    rate_bytes_per_s = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150, blank=True)

    def __str__(self):
        return f"{self.cluster} throttle {self.rate_bytes_per_s} B/s for {len(self.partitions)} partitions"
