"""The lag Strom shows is Kafka's own: committed offsets, log ends and lag, partition by partition."""
import time

from tests.kafka_groups import commit, join, kafka_describe
from tests.topics import create_topic, numbered, produce_records


def api(client, cluster, path=""):
    response = client.get(f"/api/v1/clusters/{cluster.name}/consumer-groups/{path}")
    assert response.status_code == 200, response.content
    return response.json()


def test_the_lag_equals_kafka_consumer_groups_describe_partition_by_partition(cluster, as_viewer, unique_name):
    topic, group = unique_name("lag"), unique_name("g")
    create_topic(topic, 3)
    produce_records(topic, numbered({0: 10, 1: 20, 2: 30}))
    commit(group, topic, {0: 3, 1: 20, 2: 7})

    body = api(as_viewer, cluster, f"{group}/")

    strom = {(o["topic"], o["partition"]): (o["committed"], o["log_end"], o["lag"]) for o in body["offsets"]}
    assert strom == kafka_describe(group)
    assert strom == {(topic, 0): (3, 10, 7), (topic, 1): (20, 20, 0), (topic, 2): (7, 30, 23)}
    assert body["lag"] == 30
    assert body["state"] == "Empty"


def test_a_partition_without_a_committed_offset_says_so_instead_of_a_lag(cluster, as_viewer, unique_name):
    topic, group = unique_name("lag"), unique_name("g")
    create_topic(topic, 2)
    produce_records(topic, numbered({0: 5, 1: 5}))
    commit(group, topic, {0: 2})
    consumer = join(group, topic)
    try:
        body = api(as_viewer, cluster, f"{group}/")
        page = as_viewer.get(f"/clusters/{cluster.name}/consumer-groups/{group}/").content.decode()
        kafka = kafka_describe(group)
    finally:
        consumer.close()

    rows = {o["partition"]: o for o in body["offsets"]}
    assert rows[1]["committed"] is None and rows[1]["lag"] is None
    assert rows[0]["lag"] == 3
    assert kafka[(topic, 1)] == (None, 5, None)
    assert "none committed" in page


def test_the_detail_names_each_member_and_the_partitions_it_owns(cluster, as_viewer, unique_name):
    topic, group = unique_name("lag"), unique_name("g")
    create_topic(topic, 2)
    consumer = join(group, topic)
    try:
        body = api(as_viewer, cluster, f"{group}/")
        page = as_viewer.get(f"/clusters/{cluster.name}/consumer-groups/{group}/").content.decode()
    finally:
        consumer.close()

    assert body["state"] == "Stable"
    [member] = body["members"]
    assert member["client_id"] == f"{group}-client"
    assert member["host"] == "127.0.0.1"
    assert {(a["topic"], a["partition"]) for a in member["assigned"]} == {(topic, 0), (topic, 1)}
    assert {o["member"] for o in body["offsets"]} == {member["member_id"]}
    assert member["member_id"] in page


def test_the_list_includes_a_group_with_committed_offsets_and_no_members(cluster, as_viewer, unique_name):
    topic, group = unique_name("lag"), unique_name("g")
    create_topic(topic, 2)
    produce_records(topic, numbered({0: 8, 1: 4}))
    commit(group, topic, {0: 1, 1: 4})

    listed = {g["group_id"]: g for g in api(as_viewer, cluster)}

    assert listed[group] == {"group_id": group, "state": "Empty", "protocol_type": "",
                             "group_type": "classic", "members": 0, "topics": [topic], "lag": 7}
    page = as_viewer.get(f"/clusters/{cluster.name}/consumer-groups/").content.decode()
    assert f'href="/clusters/{cluster.name}/consumer-groups/{group}/"' in page


def test_the_list_filters_by_state_and_by_having_lag(cluster, as_viewer, unique_name):
    topic, lagging, caught_up, live = unique_name("lag"), unique_name("late"), unique_name("done"), unique_name("live")
    create_topic(topic, 1)
    produce_records(topic, numbered({0: 5}))
    commit(lagging, topic, {0: 1})
    commit(caught_up, topic, {0: 5})
    consumer = join(live, topic)
    try:
        with_lag = {g["group_id"] for g in api(as_viewer, cluster, "?has_lag=true")}
        without_lag = {g["group_id"] for g in api(as_viewer, cluster, "?has_lag=false")}
        stable = {g["group_id"] for g in api(as_viewer, cluster, "?state=Stable")}
        page = as_viewer.get(f"/clusters/{cluster.name}/consumer-groups/?state=Stable").content.decode()
    finally:
        consumer.close()

    assert lagging in with_lag and caught_up not in with_lag
    assert caught_up in without_lag and lagging not in without_lag
    assert live in stable and lagging not in stable
    assert live in page and lagging not in page


def test_time_lag_is_the_age_of_the_first_record_not_yet_consumed(cluster, as_viewer, unique_name):
    topic, group = unique_name("lag"), unique_name("g")
    create_topic(topic, 1)
    now = int(time.time() * 1000)
    produce_records(topic, numbered({0: 3}, timestamps={0: [now - 600_000, now - 300_000, now - 60_000]}))
    commit(group, topic, {0: 1})

    body = api(as_viewer, cluster, f"{group}/")

    [row] = body["offsets"]
    assert 300_000 <= row["time_lag_ms"] < 300_000 + 30_000
    assert body["max_time_lag_ms"] == row["time_lag_ms"]


def test_a_group_that_does_not_exist_is_a_404(cluster, as_viewer, unique_name):
    response = as_viewer.get(f"/api/v1/clusters/{cluster.name}/consumer-groups/{unique_name('nobody')}/")

    assert response.status_code == 404
    assert response.json()["error"] == "NotFound"
