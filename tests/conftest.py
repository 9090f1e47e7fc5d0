"""Shared fixtures: the real broker and Redis (started here, or reused when already running),
personas built once, and unique names so tests never see each other's topics and groups."""
import subprocess
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from kafka import KafkaAdminClient
from kafka.errors import KafkaError

from topics_app.models import Cluster

# Fixtures shared by several test files: Chromium, a Celery worker, the Connect worker, the ASGI server, websocket
# logins, nodes of a test's own.
pytest_plugins = ["tests.alert_helpers", "tests.browser", "tests.celery_worker", "tests.connect_helpers",
                  "tests.asgi_server", "tests.live_helpers", "tests.own_cluster_fixtures"]


REPO = Path(__file__).resolve().parent.parent
KAFKA_BIN = REPO / "platform" / "kafka" / "bin"
BOOTSTRAP = settings.KAFKA_BOOTSTRAP_SERVERS

def run_tool(tool, *args, timeout=120, input=None):
    """Run one of Kafka's own command-line tools (with `input` as its stdin) and return its stdout."""
    result = subprocess.run([str(KAFKA_BIN / tool), *args], capture_output=True, text=True, timeout=timeout,
                            input=input)
    assert result.returncode == 0, f"{tool} failed: {result.stderr}"
    return result.stdout

@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, which PostgreSQL drops only when no one is connected: a thread of this
    process that ran database code (asgiref's, under a browser test) keeps its connection (CONN_MAX_AGE)."""
    yield
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                           " WHERE datname = current_database() AND pid <> pg_backend_pid()")


@pytest.fixture(scope="session")
def kafka_broker():
    """The real Kafka cluster from platform/kafka, three nodes by default (reused if they already answer)."""
    subprocess.run([str(REPO / "platform" / "kafka" / "start")], check=True, timeout=300)
    return BOOTSTRAP

@pytest.fixture(scope="session")
def redis_server():
    subprocess.run([str(REPO / "platform" / "redis" / "start")], check=True, timeout=300)
    return "redis://127.0.0.1:6379"

@pytest.fixture
def cluster(db, kafka_broker):
    return Cluster.ensure_default()

# Every name unique_name gave out in this run: the topics among them are deleted when the run ends.
NAMES_GIVEN = set()


@pytest.fixture(scope="session", autouse=True)
def topics_deleted_after_the_run():
    """A run makes about a thousand topics; deleted at its end, they do not pile up on the broker (each
    partition holds open files) across runs, such as CI's second run on PostgreSQL."""
    yield
    if not NAMES_GIVEN:
        return  # no test asked for a name (`make unit`, with no broker to ask): nothing to delete
    try:
        admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, request_timeout_ms=30000)
    except KafkaError:
        return  # no broker: nothing was made on it
    try:
        leftovers = sorted(NAMES_GIVEN & set(admin.list_topics()))
        for start in range(0, len(leftovers), 100):
            admin.delete_topics(leftovers[start:start + 100], timeout_ms=30000)
    except KafkaError as error:
        print(f"\ntest topics not all deleted: {error}")
    finally:
        admin.close()


@pytest.fixture
def unique_name(request):
    """A topic or group name no other test uses."""

    def make(prefix="t"):
        name = f"{prefix}-{request.node.name[:40]}-{uuid.uuid4().hex[:8]}".replace("[", "-").replace("]", "")
        NAMES_GIVEN.add(name)
        return name

    return make

@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Personas are made for many tests; a fast hasher keeps that cheap (tests only)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


ROLES = ("admin", "operator", "viewer")


@pytest.fixture
def personas(db):
    """An admin, an operator and a viewer, defined once here for every test that needs them.
    Made per test, since transactional tests (browser, websockets) flush the database."""
    users = {}
    for role in ROLES:
        user, created = get_user_model().objects.get_or_create(username=f"{role}-persona",
                                                               defaults={"is_staff": role == "admin"})
        if created:
            user.set_password("persona-password")
            user.save()
            # get_or_create: a transactional test before this one flushed the roles the migration made.
            user.groups.set([Group.objects.get_or_create(name=role)[0]])
        users[role] = user
    return users


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client

@pytest.fixture
def as_admin(db, personas):
    return _client_for(personas["admin"])

@pytest.fixture
def as_operator(db, personas):
    return _client_for(personas["operator"])

@pytest.fixture
def as_viewer(db, personas):
    return _client_for(personas["viewer"])
