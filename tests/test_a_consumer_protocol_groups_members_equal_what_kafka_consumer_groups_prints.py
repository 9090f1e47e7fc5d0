"""A group of the new consumer protocol (KIP-848), made by two of Kafka's own console consumers run with
group.protocol=consumer: Strom lists it with its type, and shows its members, their assignments and epochs, and
the group's epochs, as `kafka-consumer-groups --describe --members --verbose` and `--state --verbose` print them."""
import re

from tests.consumer_protocol import ConsoleConsumer, members_by_tool, settled, state_by_tool, type_by_tool
from tests.kafka_groups import commit
from tests.topics import create_topic, numbered, produce_records


def test_a_consumer_protocol_groups_members_and_epochs_are_kafkas(cluster, as_viewer, unique_name):
    topic, group = unique_name("kip848"), unique_name("g")
    create_topic(topic, 4)
    produce_records(topic, numbered({0: 3, 1: 3, 2: 3, 3: 3}))
    consumers = [ConsoleConsumer(topic, group, f"{group}-{n}") for n in (1, 2)]
    try:
        settled(as_viewer, cluster, group, 2)
        kafka_members = members_by_tool(group)
        kafka_state = state_by_tool(group)
        detail = as_viewer.get(f"/api/v1/clusters/{cluster.name}/consumer-groups/{group}/").json()
        listed = {g["group_id"]: g for g in as_viewer.get(f"/api/v1/clusters/{cluster.name}/consumer-groups/").json()}
        list_page = as_viewer.get(f"/clusters/{cluster.name}/consumer-groups/?q={group}").content.decode()
        detail_page = as_viewer.get(f"/clusters/{cluster.name}/consumer-groups/{group}/").content.decode()
        kafka_type = type_by_tool(group)
    finally:
        for consumer in consumers:
            consumer.stop()

    strom_members = {m["member_id"]: {
        "host": m["host"], "client_id": m["client_id"], "partitions": len(m["assigned"]),
        "member_epoch": m["member_epoch"], "assigned": {(a["topic"], a["partition"]) for a in m["assigned"]},
        "target_epoch": detail["assignment_epoch"],
        "target": {(a["topic"], a["partition"]) for a in m["target_assigned"]},
    } for m in detail["members"]}
    assert strom_members == kafka_members
    assert {m["client_id"] for m in detail["members"]} == {f"{group}-1", f"{group}-2"}
    # The two members share the topic's four partitions.
    assert sorted(p for m in kafka_members.values() for p in m["assigned"]) == [(topic, p) for p in range(4)]
    assert (detail["state"], detail["group_epoch"], detail["assignment_epoch"], len(detail["members"])) == (
        kafka_state["state"], kafka_state["group_epoch"], kafka_state["assignment_epoch"], kafka_state["members"])
    assert (detail["group_type"], detail["protocol_type"]) == ("consumer", "consumer")
    owners = {(o["topic"], o["partition"]): o["member"] for o in detail["offsets"]}
    assert owners == {tp: member for member, m in kafka_members.items() for tp in m["assigned"]}

    assert kafka_type == "consumer"
    assert (listed[group]["group_type"], listed[group]["state"], listed[group]["members"]) == ("consumer", "Stable", 2)
    row = re.search(rf'<tr data-group="{re.escape(group)}">(.*?)</tr>', list_page, re.S).group(1)
    assert '<td class="group-type">consumer</td>' in row

    assert '<td id="group-type">consumer</td>' in detail_page
    assert f'<td id="group-epoch">{kafka_state["group_epoch"]}</td>' in detail_page
    for member_id, member in kafka_members.items():
        shown = re.search(rf'<tr data-member="{re.escape(member_id)}">(.*?)</tr>', detail_page, re.S).group(1)
        assert f'<td class="strom-num member-epoch">{member["member_epoch"]}</td>' in shown
        assert re.sub(r"\s+", " ", re.search(r'<td class="target">(.*?)</td>', shown).group(1)) == ", ".join(
            f"{t}-{p}" for t, p in sorted(member["target"]))


def test_a_classic_groups_page_shows_no_epochs(cluster, as_viewer, unique_name):
    topic, group = unique_name("kip848"), unique_name("g")
    create_topic(topic, 1)
    commit(group, topic, {0: 0})
    detail = as_viewer.get(f"/api/v1/clusters/{cluster.name}/consumer-groups/{group}/").json()
    page = as_viewer.get(f"/clusters/{cluster.name}/consumer-groups/{group}/").content.decode()
    assert (detail["group_type"], detail["group_epoch"], detail["assignment_epoch"]) == ("classic", None, None)
    assert "Member epoch" not in page and 'id="group-epoch"' not in page
