from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse

from topics_app.models import Cluster, certificate_problem


class ConnectCluster(models.Model):
    """A Kafka Connect cluster (its REST API) Strom manages. The password is never shown back."""

    name = models.SlugField(max_length=100, unique=True,
                            help_text="Short name used in URLs, for example 'local' or 'prod-eu'.")
    url = models.CharField(
        "REST URL", max_length=500,
        validators=[URLValidator(schemes=["http", "https"],
                                 message="Enter the REST URL as http(s)://host:port, for example http://127.0.0.1:8083.")],
        help_text="Where the Connect workers' REST API answers, for example http://127.0.0.1:8083.")
    username = models.CharField(max_length=200, blank=True, help_text="For basic authentication; empty for none.")
    password = models.CharField(max_length=500, blank=True)
    ca_certificate = models.TextField("CA certificate", blank=True,
                                      help_text="PEM-encoded CA certificate for an https URL; empty for the system's.")
    kafka_cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="connect_clusters",
        help_text="The Kafka cluster its connectors read and write: their topics link to it.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "Connect cluster"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("connect_app:connector-list", args=[self.name])

    @classmethod
    def ensure_default(cls):
        """The local Connect cluster at CONNECT_URL, writing to the default Kafka cluster, created on first use."""
        connect, _ = cls.objects.get_or_create(
            name=settings.CONNECT_DEFAULT_NAME,
            defaults={"url": settings.CONNECT_URL, "kafka_cluster": Cluster.ensure_default()},
        )
        return connect

    @property
    def base_url(self):
        return self.url.rstrip("/")

    def clean(self):
        problem = certificate_problem(self.ca_certificate) if self.ca_certificate.strip() else ""
        if problem:
            raise ValidationError({"ca_certificate": problem})
        if self.password and not self.username:
            raise ValidationError({"username": "Basic authentication needs a username with the password."})
