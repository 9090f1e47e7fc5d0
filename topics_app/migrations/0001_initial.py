import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.CreateModel(
            name="Cluster",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.SlugField(help_text="Short name used in URLs, for example 'local' or 'prod-eu'.", max_length=100, unique=True)),
                ("bootstrap_servers", models.CharField(help_text="host:port[,host:port...]", max_length=500, validators=[django.core.validators.RegexValidator("^[\\w.\\-\\[\\]:]+:\\d+(,[\\w.\\-\\[\\]:]+:\\d+)*$", "Use host:port, comma-separated.")])),
                ("security_protocol", models.CharField(choices=[("PLAINTEXT", "Plaintext"), ("SSL", "Ssl"), ("SASL_PLAINTEXT", "Sasl Plaintext"), ("SASL_SSL", "Sasl Ssl")], default="PLAINTEXT", max_length=20)),
                ("sasl_mechanism", models.CharField(blank=True, choices=[("PLAIN", "Plain"), ("SCRAM-SHA-256", "Scram Sha 256"), ("SCRAM-SHA-512", "Scram Sha 512")], max_length=20)),
                ("username", models.CharField(blank=True, max_length=200)),
                ("password", models.CharField(blank=True, max_length=500)),
                ("ca_certificate", models.TextField(blank=True, help_text="PEM-encoded CA certificate for SSL/SASL_SSL.")),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={"ordering": ["name"]},
        ),
        migrations.CreateModel(
            name="AuditEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("username", models.CharField(help_text="Kept even if the user is deleted.", max_length=150)),
                ("cluster", models.CharField(blank=True, max_length=100)),
                ("action", models.CharField(max_length=100)),
                ("target", models.CharField(blank=True, max_length=500)),
                ("details", models.JSONField(blank=True, default=dict)),
                ("result", models.CharField(choices=[("ok", "Ok"), ("failed", "Failed")], max_length=10)),
                ("error", models.TextField(blank=True)),
                ("user", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
            ],
            options={"ordering": ["-at"], "verbose_name_plural": "audit entries"},
        ),
    ]
