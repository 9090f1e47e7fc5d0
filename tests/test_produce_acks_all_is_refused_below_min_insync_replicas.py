"""On a topic whose in-sync replicas have fallen below min.insync.replicas, a produce with acks=all is refused
with Kafka's NOT_ENOUGH_REPLICAS explained in words (a 4xx: the cluster answered), acks=1 is written (readers
see it once enough replicas are in sync again: Kafka 4 holds the high watermark back while the ISR is below
min.insync.replicas), and the next acks=all produce to a healthy topic is written. The stopped node belongs
to the test's own three-node cluster; the shared one is never stopped."""
import pytest

from tests.failover_helpers import create_replicated_topic, describe, wait_until
from tests.job_helpers import read_all
from tests.own_broker import OwnCluster
from topics_app.models import Cluster

STOPPED = 3


@pytest.fixture(scope="module")
def own(tmp_path_factory):
    """Three nodes: `strict` has min.insync.replicas=3, `healthy` the default 2."""
    cluster = OwnCluster(tmp_path_factory.mktemp("acks"), nodes=3)
    cluster.start()
    try:
        create_replicated_topic(cluster.bootstrap, "strict", partitions=1, configs={"min.insync.replicas": "3"})
        create_replicated_topic(cluster.bootstrap, "healthy", partitions=1)
        yield cluster
    finally:
        cluster.kill()


@pytest.fixture
def short_of_replicas(own):
    """Node 3 stopped: `strict` is short of in-sync replicas, `healthy` is not."""
    own.node(STOPPED).stop()
    wait_until(lambda: describe(own.bootstrap, "strict")[0][2] == [1, 2], 60, "node 3 to leave the ISR")
    return own


@pytest.fixture
def own_cluster(db, own):
    return Cluster.objects.create(name="own-acks", bootstrap_servers=own.bootstrap)


def api_produce(client, cluster, topic, **record):
    return client.post(f"/api/v1/clusters/{cluster.name}/topics/{topic}/messages/", record,
                       content_type="application/json")


def page_produce(client, cluster, topic, acks, value):
    return client.post(f"/clusters/{cluster.name}/topics/{topic}/produce/", {
        "topic": topic, "key": "", "key_encoding": "utf-8", "value": value, "value_encoding": "utf-8",
        "headers": "", "headers_encoding": "utf-8", "acks": acks})


def values_in(bootstrap, topic):
    return [record[2] for record in read_all(topic, "read_uncommitted", bootstrap=bootstrap)[0]]


def test_the_page_shows_the_refusal_in_words_and_writes_with_acks_1(short_of_replicas, own_cluster, as_operator):
    refused = page_produce(as_operator, own_cluster, "strict", "all", "refused on the page").content.decode()
    written = page_produce(as_operator, own_cluster, "strict", "1", "written from the page").content.decode()

    assert "NOT_ENOUGH_REPLICAS" in refused and "the topic needs 3 (min.insync.replicas)" in refused
    assert "Produced to strict, partition" in written and "acks=1</strong>" in written


def test_acks_all_is_refused_in_words_acks_1_is_written_and_the_next_acks_all_elsewhere_too(
        short_of_replicas, own_cluster, as_operator):
    own = short_of_replicas

    refused = api_produce(as_operator, own_cluster, "strict", value="must not be written", acks="all")
    written = api_produce(as_operator, own_cluster, "strict", value="the leader has it", acks=1)
    healthy = api_produce(as_operator, own_cluster, "healthy", value="two of three in sync is enough")

    assert refused.status_code == 409, refused.content
    body = refused.json()
    assert body["field"] == "acks"
    assert "NOT_ENOUGH_REPLICAS" in body["detail"]
    assert "only 2 of the 3 replicas of partition 0 are in sync (brokers 1, 2)" in body["detail"]
    assert "the topic needs 3 (min.insync.replicas) for acks=all" in body["detail"]
    assert "acks=1 would be accepted" in body["detail"]
    assert written.status_code == 201, written.content
    assert written.json()["acks"] == 1
    assert healthy.status_code == 201, healthy.content
    assert healthy.json()["acks"] == "all"
    assert values_in(own.bootstrap, "healthy") == [b"two of three in sync is enough"]

    own.node(STOPPED).start()
    readable = wait_until(lambda: (lambda v: v if b"the leader has it" in v else None)(
        values_in(own.bootstrap, "strict")), 120, "the acks=1 record to be readable with node 3 back")
    assert readable[written.json()["offset"]] == b"the leader has it"
    assert b"must not be written" not in readable
