"""A cluster that cannot be reached answers within Strom's bounds with a clear error, never a 500
or a hang, and works again by itself once its broker is back. The broker stopped here is one this
test starts for itself; the shared one is never stopped."""
import socket
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings

from tests.own_broker import OwnBroker
from topics_app import kafka_clients
from topics_app.models import Cluster

# A generous bound on an answer: Strom's own Kafka bounds (connect and request timeouts) are meant
# to answer in a few seconds, where kafka-python left to itself blocks for a minute or more.
ANSWER_BOUND_S = 5 * (settings.KAFKA_CONNECT_TIMEOUT_MS + settings.KAFKA_REQUEST_TIMEOUT_MS) / 1000


def answer(client, url):
    """The response, waiting for it no longer than the bound: a hang fails the test instead of holding it.
    The request runs in another thread, with its own database connection: tests using this are transactional."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(client.get, url).result(timeout=ANSWER_BOUND_S)


@pytest.fixture
def dead_cluster(transactional_db):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return Cluster.objects.create(name="nowhere", bootstrap_servers=f"127.0.0.1:{port}")


@pytest.fixture
def own_broker(tmp_path):
    broker = OwnBroker(tmp_path)
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()


def test_the_api_answers_503_with_a_clear_message(dead_cluster, as_viewer):
    response = answer(as_viewer, f"/api/v1/clusters/{dead_cluster.name}/")

    assert response.status_code == 503
    assert response.json() == {
        "error": "ClusterUnreachable",
        "detail": f"cannot reach cluster nowhere at {dead_cluster.bootstrap_servers}",
    }


def test_the_page_says_it_cannot_reach_the_cluster(dead_cluster, as_viewer):
    response = answer(as_viewer, f"/clusters/{dead_cluster.name}/")

    assert response.status_code == 503
    assert f"cannot reach cluster nowhere at {dead_cluster.bootstrap_servers}" in response.content.decode()


def test_the_cluster_list_marks_the_dead_cluster_unreachable(dead_cluster, cluster, as_viewer):
    body = answer(as_viewer, "/api/v1/clusters/").json()

    reachable = {c["name"]: c["reachable"] for c in body}
    assert reachable == {"nowhere": False, cluster.name: True}


def test_a_cluster_recovers_by_itself_after_its_broker_restarts(own_broker, transactional_db, as_viewer):
    cluster = Cluster.objects.create(name="own", bootstrap_servers=own_broker.bootstrap)
    api, page = f"/api/v1/clusters/{cluster.name}/", f"/clusters/{cluster.name}/"
    assert answer(as_viewer, api).status_code == 200

    own_broker.stop()
    down_api, down_page = answer(as_viewer, api), answer(as_viewer, page)
    own_broker.start()

    assert down_api.status_code == 503
    assert down_api.json()["detail"] == f"cannot reach cluster own at {own_broker.bootstrap}"
    assert down_page.status_code == 503
    assert answer(as_viewer, api).status_code == 200
    assert answer(as_viewer, page).status_code == 200
    kafka_clients.forget(cluster)  # this process keeps no clients to a broker that is about to go
