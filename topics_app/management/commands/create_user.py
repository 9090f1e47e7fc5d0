import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from topics_app.roles import ADMIN, ROLES


class Command(BaseCommand):
    help = "Create a user (or update an existing one) with a role: viewer, operator or admin."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=ROLES, required=True)
        parser.add_argument("--password", help="If omitted, a random password is generated and printed once.")
        parser.add_argument("--email", default="")

    def handle(self, username, role, password, email, **options):
        if not username.strip():
            raise CommandError("username: must not be empty")
        User = get_user_model()
        user, created = User.objects.get_or_create(username=username, defaults={"email": email})
        shown_password = password or secrets.token_urlsafe(12)
        user.set_password(shown_password)
        # Admins manage clusters and users in the Django admin, which needs staff status.
        user.is_staff = role == ADMIN
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} user {username!r} with role {role}.")
        if not password:
            self.stdout.write(f"Password: {shown_password}")
