"""While one node of three is killed (kill -9) and two serve, Strom's pages and API keep answering (no 503,
no 5xx), also when the cluster row lists the killed node first: the cluster, topics, a topic's partitions,
messages and consumer groups, from the moment of the kill until the new leader is elected and after; a
record produced with acks=all once the new leader is elected is written. The cluster is one of the test's
own; the shared one is never stopped."""
import time

from tests.failover_helpers import (
    bootstrap_first,
    create_replicated_topic,
    failed_over,
    leader_of,
    own_three_nodes,
    produce_numbered,
)
from topics_app.models import Cluster

own = own_three_nodes("failover-pages")


def addresses(name, topic):
    return [
        "/api/v1/clusters/", f"/api/v1/clusters/{name}/", f"/api/v1/clusters/{name}/topics/",
        f"/api/v1/clusters/{name}/topics/{topic}/", f"/api/v1/clusters/{name}/consumer-groups/",
        f"/api/v1/clusters/{name}/topics/{topic}/messages/?partition=1&order=oldest&limit=5",
        f"/clusters/{name}/", f"/clusters/{name}/topics/", f"/clusters/{name}/topics/{topic}/",
        f"/clusters/{name}/topics/{topic}/messages/?partition=2", f"/clusters/{name}/consumer-groups/",
    ]


def test_pages_and_api_answer_while_two_nodes_serve_with_the_killed_node_listed_first(
        own, db, as_operator, unique_name):
    topic = create_replicated_topic(own.bootstrap, unique_name("failover"))
    produce_numbered(own.bootstrap, topic, 3, 20)
    victim = leader_of(own.bootstrap, topic, 0)
    row = Cluster.objects.create(name="own-pages", bootstrap_servers=bootstrap_first(own, victim))
    for address in addresses(row.name, topic):  # clients open and connected, as in a running Strom
        assert as_operator.get(address).status_code == 200, address

    own.node(victim).kill()
    answers = []
    deadline = time.monotonic() + 60
    while not failed_over(own, topic, victim):
        assert time.monotonic() < deadline, "no new leader for partition 0 within 60 s"
        answers.extend((address, as_operator.get(address).status_code) for address in addresses(row.name, topic))
    answers.extend((address, as_operator.get(address).status_code) for address in addresses(row.name, topic))

    failing = sorted({(address, status) for address, status in answers if status != 200})
    assert not failing, failing
    produced = as_operator.post(f"/api/v1/clusters/{row.name}/topics/{topic}/messages/",
                                {"value": "after failover", "partition": 0}, content_type="application/json")
    assert produced.status_code == 201, produced.content
    assert produced.json()["offset"] == 20
