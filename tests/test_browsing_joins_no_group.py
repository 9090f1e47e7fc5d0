"""Browsing and exporting never create a consumer group nor commit offsets."""
from tests.conftest import BOOTSTRAP, run_tool
from tests.topics import create_topic, fill


def groups():
    return set(run_tool("kafka-consumer-groups", "--bootstrap-server", BOOTSTRAP, "--list").split())


def test_browsing_every_way_creates_no_consumer_group(cluster, as_viewer, unique_name):
    topic = create_topic(unique_name("nogroup"), partitions=2)
    fill(topic, partitions=2, per_partition=5)
    before = groups()

    api = f"/api/v1/clusters/{cluster.name}/topics/{topic}/messages/"
    for params in ({}, {"order": "newest"}, {"offset": 2}, {"timestamp": 0}, {"contains": "p1"}):
        assert as_viewer.get(api, params).status_code == 200
    assert as_viewer.get(f"{api}export/").status_code == 200
    assert as_viewer.get(f"/clusters/{cluster.name}/topics/{topic}/messages/").status_code == 200

    new = groups() - before
    assert not new, f"browsing created consumer groups: {new}"
