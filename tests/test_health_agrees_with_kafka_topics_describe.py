"""Partition health on the shared three-node cluster: what Strom shows equals what kafka-topics --describe
prints, a topic replicated three times is healthy, one replicated once is under its min ISR (2), and the
topic list filters by health."""
import re

from tests.topics import create_topic, kafka_describe

PAGE_ROW = re.compile(r'<td>(\d+)</td>\s*<td class="leader">(\d+)[^\n]*?</td>\s*<td class="replicas">([\d, ]+)</td>'
                      r'<td class="isr">([\d, ]*)')


def topic_detail(client, cluster, topic):
    return client.get(f"/api/v1/clusters/{cluster.name}/topics/{topic}/").json()


def ids(text):
    return [int(i) for i in text.split(", ") if i]


def test_leaders_replicas_and_isr_equal_kafka_topics_describe(cluster, as_viewer, unique_name):
    topic = create_topic(unique_name(), partitions=3, replication_factor=3)

    body = topic_detail(as_viewer, cluster, topic)

    shown = {p["partition"]: (p["leader"], p["replicas"], p["isr"]) for p in body["partitions"]}
    assert shown == kafka_describe(topic)
    assert all(len(replicas) == 3 for _, replicas, _ in shown.values())
    assert body["health"] == {"under_replicated": 0, "under_min_isr": 0, "offline": 0, "leader_imbalance": 0}
    assert all(p["missing_from_isr"] == [] for p in body["partitions"])


def test_the_partitions_on_the_page_equal_kafka_topics_describe(cluster, as_viewer, unique_name):
    topic = create_topic(unique_name(), partitions=4, replication_factor=3)

    html = as_viewer.get(f"/clusters/{cluster.name}/topics/{topic}/").content.decode()

    shown = {int(p): (int(leader), ids(replicas), ids(isr)) for p, leader, replicas, isr in PAGE_ROW.findall(html)}
    assert shown == kafka_describe(topic)
    assert 'class="strom-problem"' not in html


def test_a_topic_with_one_replica_is_under_its_min_isr_as_kafka_topics_says(cluster, as_viewer, unique_name):
    single = create_topic(unique_name("single"), partitions=2, replication_factor=1)
    triple = create_topic(unique_name("triple"), partitions=2, replication_factor=3)

    listed = as_viewer.get(f"/api/v1/clusters/{cluster.name}/topics/", {"health": "under_min_isr"}).json()

    names = {t["name"] for t in listed}
    assert single in names and triple not in names
    assert set(kafka_describe(single, "--under-min-isr-partitions")) == {0, 1}
    assert kafka_describe(triple, "--under-min-isr-partitions") == {}
    assert next(t for t in listed if t["name"] == single)["health"]["under_min_isr"] == 2


def test_the_topic_list_page_filters_by_health_from_the_overview_link(cluster, as_viewer, unique_name):
    single = create_topic(unique_name("single"), replication_factor=1)
    triple = create_topic(unique_name("triple"), replication_factor=3)
    overview = as_viewer.get(f"/clusters/{cluster.name}/").content.decode()
    link = f"/clusters/{cluster.name}/topics/?health=under_min_isr&amp;internal=1"
    assert link in overview

    html = as_viewer.get(link.replace("&amp;", "&")).content.decode()

    assert single in html and triple not in html
    assert "Under min ISR: 1 partition" in html


def test_an_unknown_health_filter_is_refused_naming_the_field(cluster, as_viewer):
    response = as_viewer.get(f"/api/v1/clusters/{cluster.name}/topics/", {"health": "<b>sick</b>"})

    assert response.status_code == 400
    assert response.json()["field"] == "health"
    assert "under_replicated" in response.json()["detail"]
