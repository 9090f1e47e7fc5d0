"""The topic list: counts, sizes and flags that agree with Kafka, search, internal topics, sorting."""
from tests.kafka_groups import commit
from tests.topics import kafka_describe, make_topic


def test_the_api_lists_a_topic_with_its_partitions_messages_and_size(cluster, as_viewer, unique_name):
    topic = make_topic(unique_name(), partitions=4, messages_per_partition=5)

    body = as_viewer.get(f"/api/v1/clusters/{cluster.name}/topics/", {"search": topic}).json()

    assert len(body) == 1
    row = body[0]
    assert row["name"] == topic
    assert row["partitions"] == len(kafka_describe(topic)) == 4
    assert row["replication_factor"] == 1
    assert row["messages"] == 20
    assert row["size_bytes"] > 0
    assert row["internal"] is False
    assert row["under_replicated"] is False


def test_internal_topics_are_hidden_unless_asked_for(cluster, as_viewer, unique_name):
    # Kafka makes __consumer_offsets when a group first commits; on a fresh cluster this may be the first.
    commit(unique_name("g"), make_topic(unique_name()), {0: 1})
    url = f"/api/v1/clusters/{cluster.name}/topics/"

    hidden = {t["name"] for t in as_viewer.get(url).json()}
    shown = {t["name"] for t in as_viewer.get(url, {"internal": "true"}).json()}

    assert "__consumer_offsets" not in hidden
    assert "__consumer_offsets" in shown


def test_search_matches_a_substring_of_the_name(cluster, as_viewer, unique_name):
    prefix = unique_name("search")
    make_topic(f"{prefix}.orders", partitions=1)
    make_topic(f"{prefix}.payments", partitions=1)

    body = as_viewer.get(f"/api/v1/clusters/{cluster.name}/topics/", {"search": f"{prefix}.ORD"}).json()

    assert [t["name"] for t in body] == [f"{prefix}.orders"]


def test_the_page_sorts_by_a_column_both_ways(cluster, as_viewer, unique_name):
    prefix = unique_name("sort")
    make_topic(f"{prefix}-a", partitions=1, messages_per_partition=3)
    make_topic(f"{prefix}-b", partitions=1, messages_per_partition=1)
    make_topic(f"{prefix}-c", partitions=1, messages_per_partition=2)
    url = f"/clusters/{cluster.name}/topics/"

    ascending = as_viewer.get(url, {"q": prefix, "sort": "messages"}).context["topics"]
    descending = as_viewer.get(url, {"q": prefix, "sort": "-messages"}).context["topics"]

    assert [t.name[-1] for t in ascending] == ["b", "c", "a"]
    assert [t.name[-1] for t in descending] == ["a", "c", "b"]


def test_the_page_shows_each_topic_as_a_link_to_its_detail(cluster, as_viewer, unique_name):
    topic = make_topic(unique_name(), partitions=2)

    html = as_viewer.get(f"/clusters/{cluster.name}/topics/", {"q": topic}).content.decode()

    assert f'href="/clusters/{cluster.name}/topics/{topic}/"' in html
