"""Fixtures for tests that stop or kill nodes: three nodes of the test's own and the Strom cluster row for them."""
import pytest

from tests.own_broker import OwnCluster
from topics_app import kafka_clients
from topics_app.models import Cluster


@pytest.fixture
def own_cluster(tmp_path):
    nodes = OwnCluster(tmp_path, nodes=3)
    nodes.start()
    try:
        yield nodes
    finally:
        nodes.stop()


@pytest.fixture
def cluster_row(own_cluster, db):
    """The Strom cluster for the test's own nodes; its cached clients are closed after, not left reconnecting."""
    row = Cluster.objects.create(name="own-cluster", bootstrap_servers=own_cluster.bootstrap)
    yield row
    kafka_clients.forget(row)
