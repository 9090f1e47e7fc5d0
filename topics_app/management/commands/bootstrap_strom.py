import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from topics_app.models import Cluster
from topics_app.services.demo import DEMO_MESSAGES, DEMO_TOPIC, ensure_demo_topic


class Command(BaseCommand):
    help = "First-run set-up: the default cluster, the first admin, and (with --demo) a demo topic."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="Create the demo topic with a few hundred messages.")

    def handle(self, demo, **options):
        cluster = Cluster.ensure_default()
        self.stdout.write(f"Default cluster {cluster.name!r} at {cluster.bootstrap_servers}.")
        self.ensure_first_admin()
        if demo:

            if ensure_demo_topic(cluster):
                self.stdout.write(f"Demo topic {DEMO_TOPIC!r} created with {DEMO_MESSAGES} messages.")
            else:
                self.stdout.write(f"Demo topic {DEMO_TOPIC!r} is already there.")

    def ensure_first_admin(self):
        User = get_user_model()
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME", "admin")
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if User.objects.filter(is_superuser=True).exists():
            user = User.objects.filter(username=username, is_superuser=True).first()
            if user and password:
                user.set_password(password)
                user.save()
            return
        generated = not password
        password = password or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        if generated:
            self.stdout.write(self.style.WARNING(
                f"First admin created. Log in at http://127.0.0.1:8000/ as {username!r} "
                f"with password {password!r} (shown only this once)."
            ))
        else:
            self.stdout.write(f"First admin {username!r} created from DJANGO_SUPERUSER_USERNAME/PASSWORD.")
