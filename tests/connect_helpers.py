"""The real Kafka Connect worker from platform/connect, and what tests ask of it directly (its own REST API,
never through Strom), so that what Strom shows can be compared with what Connect says."""
import json
import subprocess
import urllib.error
import urllib.request

import pytest
from django.conf import settings

from connect_app.models import ConnectCluster
from tests import waiting
from tests.conftest import REPO

CONNECT = REPO / "platform" / "connect"
SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector"
SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector"


def connect_rest(method, path, body=None):
    """Connect's own answer: (status, JSON or None)."""
    request = urllib.request.Request(settings.CONNECT_URL + path, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            raw = answer.read()
            return answer.status, json.loads(raw) if raw.strip() else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, json.loads(raw) if raw.strip().startswith(b"{") else raw.decode()


def connect_get(path):
    status, body = connect_rest("GET", path)
    assert status == 200, (path, status, body)
    return body


def wait_for(check, timeout=60, what="the condition"):
    """check()'s first truthy answer, asked every 0.2 s."""
    return waiting.wait_until(check, timeout, what, interval_s=0.2)


def states(name):
    """(connector state, [task states]) as Connect reports them now; (None, []) for no such connector."""
    status, body = connect_rest("GET", f"/connectors/{name}/status")
    if status != 200:
        return None, []
    return body["connector"]["state"], [t["state"] for t in sorted(body["tasks"], key=lambda t: t["id"])]


def wait_for_states(name, connector, tasks, timeout=60):
    return wait_for(lambda: states(name) == (connector, tasks), timeout,
                    f"{name} {connector} with tasks {tasks} (now {states(name)})")


def start_worker():
    subprocess.run([str(CONNECT / "start")], check=True, timeout=300)


def stop_worker():
    subprocess.run([str(CONNECT / "stop")], check=True, timeout=120)


@pytest.fixture(scope="session")
def connect_worker(kafka_broker):
    """The real Connect worker (reused when one already answers), ready to take connectors."""
    start_worker()
    return settings.CONNECT_URL


@pytest.fixture
def connect(db, connect_worker):
    return ConnectCluster.ensure_default()


@pytest.fixture
def connector_names(unique_name, connect_worker):
    """Names for connectors; those Connect still has when the test ends are deleted."""
    given = []

    def make(prefix="c"):
        given.append(unique_name(prefix))
        return given[-1]

    yield make
    for name in given:
        connect_rest("DELETE", f"/connectors/{name}")
