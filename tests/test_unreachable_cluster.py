"""A cluster that cannot be reached answers quickly with a clear error, never a 500 or a hang,
and works again by itself once the broker is back."""
import socket
import subprocess
import time

import pytest

from tests.conftest import REPO

BOUND_S = 5


@pytest.fixture
def dead_cluster(db):
    from topics_app.models import Cluster

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return Cluster.objects.create(name="nowhere", bootstrap_servers=f"127.0.0.1:{port}")


def timed_get(client, url):
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


def test_the_api_answers_503_with_a_clear_message_within_the_bound(dead_cluster, as_viewer):
    response, elapsed = timed_get(as_viewer, f"/api/v1/clusters/{dead_cluster.name}/")

    assert response.status_code == 503
    assert response.json() == {
        "error": "ClusterUnreachable",
        "detail": f"cannot reach cluster nowhere at {dead_cluster.bootstrap_servers}",
    }
    assert elapsed < BOUND_S


def test_the_page_says_it_cannot_reach_the_cluster_within_the_bound(dead_cluster, as_viewer):
    response, elapsed = timed_get(as_viewer, f"/clusters/{dead_cluster.name}/")

    assert response.status_code == 503
    assert f"cannot reach cluster nowhere at {dead_cluster.bootstrap_servers}" in response.content.decode()
    assert elapsed < BOUND_S


def test_the_cluster_list_marks_the_dead_cluster_unreachable(dead_cluster, cluster, as_viewer):
    body = as_viewer.get("/api/v1/clusters/").json()

    reachable = {c["name"]: c["reachable"] for c in body}
    assert reachable == {"nowhere": False, cluster.name: True}


def test_the_default_cluster_recovers_by_itself_after_the_broker_restarts(cluster, as_viewer):
    url = f"/api/v1/clusters/{cluster.name}/"
    assert as_viewer.get(url).status_code == 200

    subprocess.run([str(REPO / "platform" / "kafka" / "stop")], check=True, timeout=120)
    try:
        response, elapsed = timed_get(as_viewer, url)
        assert response.status_code == 503
        assert elapsed < BOUND_S
        page, elapsed = timed_get(as_viewer, f"/clusters/{cluster.name}/")
        assert page.status_code == 503
        assert elapsed < BOUND_S
    finally:
        subprocess.run([str(REPO / "platform" / "kafka" / "start")], check=True, timeout=300)

    assert as_viewer.get(url).status_code == 200
    assert as_viewer.get(f"/clusters/{cluster.name}/").status_code == 200
