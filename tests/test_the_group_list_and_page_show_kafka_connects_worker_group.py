"""Kafka Connect's workers form a group of the "connect" protocol, not a consumer group. The group list and
the group's page show it as Kafka's own tool lists it, and its members' data (not a consumer's subscription)
breaks neither of them."""
import time
from urllib.parse import urlsplit

from django.conf import settings

from tests.conftest import run_tool

WORKERS = "strom-connect"
# A connector made or deleted just before (by another test) rebalances the workers' group for a moment.
REBALANCE_S = 30


def workers_group_once_settled(client, cluster):
    """The workers' group as Strom lists it, once it is not rebalancing (or as it is after REBALANCE_S)."""
    deadline = time.monotonic() + REBALANCE_S
    while True:
        listed = {g["group_id"]: g for g in client.get(f"/api/v1/clusters/{cluster.name}/consumer-groups/").json()}
        if "Rebalance" not in listed[WORKERS]["state"] or time.monotonic() > deadline:
            return listed[WORKERS]
        time.sleep(0.5)


def test_the_connect_workers_group_is_listed_and_described_with_its_protocol(as_viewer, cluster, connect_worker):
    workers = workers_group_once_settled(as_viewer, cluster)
    kafka_lists = {line.split()[0]: line.split()[1:] for line in run_tool(
        "kafka-groups", "--bootstrap-server", cluster.bootstrap_servers, "--list").splitlines()[1:]}
    assert kafka_lists[WORKERS] == ["Classic", "connect"]
    assert (workers["group_type"], workers["protocol_type"]) == ("classic", "connect")
    assert workers["state"] == "Stable"

    detail = as_viewer.get(f"/api/v1/clusters/{cluster.name}/consumer-groups/{WORKERS}/").json()
    assert detail["protocol_type"] == "connect"
    # One worker runs here; its member's client id names it as its REST address (host:port).
    assert [m["client_id"] for m in detail["members"]] == [f"connect-{urlsplit(settings.CONNECT_URL).netloc}"]

    assert as_viewer.get(f"/clusters/{cluster.name}/consumer-groups/").status_code == 200
    assert as_viewer.get(f"/clusters/{cluster.name}/consumer-groups/{WORKERS}/").status_code == 200

