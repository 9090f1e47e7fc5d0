"""Kafka Connect's workers form a group of the "connect" protocol, not a consumer group. The group list and
the group's page show it as Kafka's own tool lists it, and its members' data (not a consumer's subscription)
breaks neither of them."""
from urllib.parse import urlsplit

from django.conf import settings

from tests.conftest import run_tool

WORKERS = "strom-connect"


def test_the_connect_workers_group_is_listed_and_described_with_its_protocol(as_viewer, cluster, connect_worker):
    listed = {g["group_id"]: g for g in as_viewer.get(f"/api/v1/clusters/{cluster.name}/consumer-groups/").json()}
    kafka_lists = {line.split()[0]: line.split()[1:] for line in run_tool(
        "kafka-groups", "--bootstrap-server", cluster.bootstrap_servers, "--list").splitlines()[1:]}
    assert kafka_lists[WORKERS] == ["Classic", "connect"]
    assert (listed[WORKERS]["group_type"], listed[WORKERS]["protocol_type"]) == ("classic", "connect")
    assert listed[WORKERS]["state"] == "Stable"

    detail = as_viewer.get(f"/api/v1/clusters/{cluster.name}/consumer-groups/{WORKERS}/").json()
    assert detail["protocol_type"] == "connect"
    # One worker runs here; its member's client id names it as its REST address (host:port).
    assert [m["client_id"] for m in detail["members"]] == [f"connect-{urlsplit(settings.CONNECT_URL).netloc}"]

    assert as_viewer.get(f"/clusters/{cluster.name}/consumer-groups/").status_code == 200
    assert as_viewer.get(f"/clusters/{cluster.name}/consumer-groups/{WORKERS}/").status_code == 200

