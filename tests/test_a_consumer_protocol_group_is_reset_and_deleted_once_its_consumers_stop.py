"""Lag, reset offsets and delete work for a group of the new consumer protocol (KIP-848) as for a classic one:
Kafka's console consumer (group.protocol=consumer) reads a topic; while it runs, a reset and a delete are refused
naming its active member and change nothing; once it stops, the lag equals `kafka-consumer-groups --describe`,
a reset to the earliest offsets lands in Kafka, and the group is deleted."""
import time

from tests.conftest import BOOTSTRAP, run_tool
from tests.consumer_protocol import ConsoleConsumer, settled, state_by_tool
from tests.kafka_groups import kafka_describe
from tests.topics import create_topic, numbered, produce_records
from topics_app.models import AuditEntry


def until(condition, what, timeout_s=60):
    deadline = time.monotonic() + timeout_s
    while not (found := condition()):
        assert time.monotonic() < deadline, f"never: {what}"
        time.sleep(0.5)
    return found


def test_a_consumer_protocol_group_is_reset_and_deleted_only_once_its_consumer_stops(
        cluster, as_operator, as_admin, unique_name):
    topic, group = unique_name("kip848"), unique_name("g")
    create_topic(topic, 2)
    produce_records(topic, numbered({0: 6, 1: 4}))
    api = f"/api/v1/clusters/{cluster.name}/consumer-groups/{group}/"
    consumer = ConsoleConsumer(topic, group, f"{group}-client")
    try:
        settled(as_operator, cluster, group, 1)
        # The console consumer commits what it read every 500 ms.
        until(lambda: as_operator.get(api).json()["lag"] == 0, "the consumer committed everything it read")
        refused_reset = as_operator.post(f"{api}reset-offsets/", {"topic": topic, "to": "earliest", "dry_run": False},
                                         content_type="application/json")
        refused_delete = as_admin.delete(api)
        while_running = kafka_describe(group)
    finally:
        consumer.stop()

    assert refused_reset.status_code == 409
    assert "Stable with 1 active member" in refused_reset.json()["detail"]
    assert refused_delete.status_code == 409
    assert while_running == {(topic, 0): (6, 6, 0), (topic, 1): (4, 4, 0)}

    # A consumer that stops leaves the group at once: it is empty, of the consumer type still.
    assert state_by_tool(group)["state"] == "Empty"
    stopped = as_operator.get(api).json()
    assert (stopped["state"], stopped["group_type"], stopped["members"]) == ("Empty", "consumer", [])
    page = as_operator.get(f"/clusters/{cluster.name}/consumer-groups/{group}/").content.decode()
    assert 'id="reset-blocked"' not in page

    reset = as_operator.post(f"{api}reset-offsets/", {"topic": topic, "to": "earliest", "dry_run": False},
                             content_type="application/json")
    assert reset.status_code == 200, reset.content
    after_reset = as_operator.get(api).json()
    kafka_after_reset = kafka_describe(group)
    assert kafka_after_reset == {(topic, 0): (0, 6, 6), (topic, 1): (0, 4, 4)}
    assert {(o["topic"], o["partition"]): (o["committed"], o["log_end"], o["lag"])
            for o in after_reset["offsets"]} == kafka_after_reset
    assert after_reset["lag"] == 10
    assert sorted(AuditEntry.objects.filter(action="reset_offsets", target=group).values_list("result", flat=True)) \
        == ["failed", "ok"]

    deleted = as_admin.delete(api)
    assert deleted.status_code == 204, deleted.content
    assert group not in run_tool("kafka-consumer-groups", "--bootstrap-server", BOOTSTRAP, "--list").split()
    assert as_operator.get(api).status_code == 404
