"""On a topic whose in-sync replicas have fallen below min.insync.replicas, a produce with acks=all is refused
with Kafka's NOT_ENOUGH_REPLICAS explained in words (a 4xx: the cluster answered), acks=1 is written, and the
next acks=all produce to a healthy topic is written too. The stopped node belongs to the test's own
three-node cluster; the shared one is never stopped."""
import pytest

from tests.failover_helpers import create_replicated_topic, describe, wait_until
from tests.job_helpers import read_all
from tests.own_broker import OwnCluster
from topics_app.models import Cluster

STOPPED = 3


@pytest.fixture(scope="module")
def short_of_replicas(tmp_path_factory):
    """A three-node cluster with node 3 stopped: `strict` (min.insync.replicas=3) is short of in-sync replicas,
    `healthy` (min.insync.replicas=2) is not."""
    own = OwnCluster(tmp_path_factory.mktemp("acks"), nodes=3)
    own.start()
    try:
        create_replicated_topic(own.bootstrap, "strict", partitions=1, configs={"min.insync.replicas": "3"})
        create_replicated_topic(own.bootstrap, "healthy", partitions=1)
        own.node(STOPPED).stop()
        wait_until(lambda: describe(own.bootstrap, "strict")[0][2] == [1, 2], 60, "node 3 to leave the ISR")
        yield own
    finally:
        own.kill()


@pytest.fixture
def own_cluster(db, short_of_replicas):
    return Cluster.objects.create(name="own-acks", bootstrap_servers=short_of_replicas.bootstrap)


def api_produce(client, cluster, topic, **record):
    return client.post(f"/api/v1/clusters/{cluster.name}/topics/{topic}/messages/", record,
                       content_type="application/json")


def page_produce(client, cluster, topic, acks, value):
    return client.post(f"/clusters/{cluster.name}/topics/{topic}/produce/", {
        "topic": topic, "key": "", "key_encoding": "utf-8", "value": value, "value_encoding": "utf-8",
        "headers": "", "headers_encoding": "utf-8", "acks": acks})


def values_in(bootstrap, topic):
    return [record[2] for record in read_all(topic, "read_uncommitted", bootstrap=bootstrap)[0]]


def test_acks_all_is_refused_with_not_enough_replicas_in_words(own_cluster, as_operator, short_of_replicas):
    response = api_produce(as_operator, own_cluster, "strict", value="must not be written", acks="all")

    assert response.status_code == 409, response.content
    body = response.json()
    assert body["field"] == "acks"
    assert "NOT_ENOUGH_REPLICAS" in body["detail"]
    assert "only 2 of the 3 replicas of partition 0 are in sync (brokers 1, 2)" in body["detail"]
    assert "the topic needs 3 (min.insync.replicas) for acks=all" in body["detail"]
    assert "acks=1 would be accepted" in body["detail"]
    assert b"must not be written" not in values_in(short_of_replicas.bootstrap, "strict")


def test_acks_1_to_the_same_topic_is_written(own_cluster, as_operator, short_of_replicas):
    response = api_produce(as_operator, own_cluster, "strict", value="the leader has it", acks=1)

    assert response.status_code == 201, response.content
    assert response.json()["acks"] == 1
    assert values_in(short_of_replicas.bootstrap, "strict")[response.json()["offset"]] == b"the leader has it"


def test_after_the_refusal_acks_all_to_a_healthy_topic_is_written(own_cluster, as_operator, short_of_replicas):
    assert api_produce(as_operator, own_cluster, "strict", value="refused", acks="all").status_code == 409

    response = api_produce(as_operator, own_cluster, "healthy", value="two of three in sync is enough")

    assert response.status_code == 201, response.content
    assert response.json()["acks"] == "all"
    assert b"two of three in sync is enough" in values_in(short_of_replicas.bootstrap, "healthy")


def test_the_page_shows_the_refusal_and_writes_with_acks_1(own_cluster, as_operator, short_of_replicas):
    refused = page_produce(as_operator, own_cluster, "strict", "all", "refused on the page").content.decode()
    written = page_produce(as_operator, own_cluster, "strict", "1", "written from the page").content.decode()

    assert "NOT_ENOUGH_REPLICAS" in refused and "acks=1 would be accepted" in refused
    assert "Produced to strict, partition" in written and "acks=1" in written
    values = values_in(short_of_replicas.bootstrap, "strict")
    assert b"written from the page" in values and b"refused on the page" not in values
