"""What every benchmark shares: Django on a throwaway in-memory database, a logged-in test
client (so figures are server time, from the view to the response), medians, and Kafka's own
command-line tools as the reference."""
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KAFKA_BIN = REPO / "platform" / "kafka" / "bin"
BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")


def start_django(database_url="sqlite:///:memory:"):
    """Set Django up on a throwaway database (in memory unless another process must share it)
    with every migration applied, and load the ASGI application as the server does (its garbage collector
    settings included), so that server time per request is measured in a process like the server's."""
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("STROM_DEV", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DATABASE_URL"] = database_url
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    import config.asgi  # noqa: F401


def logged_in_client(role="admin"):
    """A test client logged in as a fresh user holding `role`."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    user = get_user_model().objects.create(username=f"bench-{role}")
    user.groups.set([Group.objects.get(name=role)])
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def getter(client, url, params=None):
    """A call that GETs `url` and insists on 200, for median_ms."""

    def call():
        response = client.get(url, params or {})
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        return response

    return call


def median_ms(call, runs):
    """Median wall time of `call` in ms over `runs` runs, after one warm-up run."""
    call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def kafka_tool(tool, *args):
    """A call that runs one of Kafka's own tools from platform/kafka/bin, for median_ms."""

    def call():
        return subprocess.run([str(KAFKA_BIN / tool), *args], check=True, capture_output=True, timeout=300)

    return call
