"""kill -9 of the node leading partition 0 of a topic replicated three times: Strom's topic API shows the new
leader and the shrunk ISR (as kafka-topics --describe does) and answers 200 all along, also when the cluster
row lists the killed node first; once the node is started again, the ISR is back to three in the API, and a
topic made then, with a partition the returned node leads, is described by the same Strom.
The cluster is one of the test's own; the shared one is never stopped."""
import pytest

from tests.failover_helpers import (
    bootstrap_first,
    create_replicated_topic,
    describe,
    kafka_topics_describe,
    leader_of,
    own_three_nodes,
    restart_and_wait_for_full_isr,
    wait_until,
)
from topics_app.models import Cluster

own = own_three_nodes("failover-api")


def as_shown(body):
    return {p["partition"]: (p["leader"], p["replicas"], sorted(p["isr"])) for p in body["partitions"]}


@pytest.mark.parametrize("listed_first", [False, True], ids=["bootstrap-in-node-order", "killed-node-listed-first"])
def test_after_kill_9_of_a_leader_the_api_shows_the_new_leader_and_isr_then_the_isr_back_to_three(
        listed_first, own, db, as_viewer, unique_name):
    topic = create_replicated_topic(own.bootstrap, unique_name("failover"), configs={"min.insync.replicas": "2"})
    victim = leader_of(own.bootstrap, topic, 0)
    row = Cluster.objects.create(name="own-failover",
                                 bootstrap_servers=bootstrap_first(own, victim) if listed_first else own.bootstrap)
    statuses = []

    def shown(of=topic):
        response = as_viewer.get(f"/api/v1/clusters/{row.name}/topics/{of}/")
        statuses.append(response.status_code)
        shown.last_answer = response.content[:500]
        return as_shown(response.json()) if response.status_code == 200 else None

    # Strom has its clients open and connected, as a running Strom does. A topic made a moment ago may not yet be
    # in the metadata of the node Strom asks (CI once answered non-200 here, under load), so this waits for it.
    try:
        described = wait_until(shown, 30, "the API to describe the new topic")
    except AssertionError as failure:  # seen once in CI, cause unknown: keep what Strom answered
        raise AssertionError(f"{failure}; statuses {statuses}; last answer {shown.last_answer!r}") from None
    assert described[0][0] == victim
    statuses.clear()

    own.node(victim).kill()
    failed_over = wait_until(lambda: (lambda s: s if s and s[0][0] not in (victim, -1) and victim not in s[0][2]
                                      else None)(shown()), 30, "the API to show a new leader of partition 0")

    # A person keeps reading while the node stays down.
    assert all(shown() == failed_over for _ in range(10))
    assert set(statuses) == {200}, statuses
    leader, replicas, isr = failed_over[0]
    assert leader != victim and leader in replicas and victim in replicas
    assert isr == sorted(set(replicas) - {victim})
    assert failed_over == kafka_topics_describe(own.bootstrap, topic)

    restart_and_wait_for_full_isr(own, victim, topic)
    back = wait_until(lambda: (lambda s: s if s and all(len(p[2]) == 3 for p in s.values()) else None)(shown()),
                      60, "the API to show three replicas in sync again")
    assert set(statuses) == {200}, statuses
    assert back == kafka_topics_describe(own.bootstrap, topic)

    # Strom's client saw the node die and kept going; it must also find the node again. Each node leads one of
    # a new topic's three partitions, and describing it asks the leaders for their offsets (kafka-python's
    # metadata, refreshed while the node was down, once missed it for five minutes: "UnknownBrokerIdError").
    later = create_replicated_topic(own.bootstrap, unique_name("after-return"))
    assert victim in {leader for leader, _, _ in describe(own.bootstrap, later).values()}
    statuses.clear()
    described = wait_until(lambda: shown(later), 10, "the API to describe a topic made after the node's return")
    assert described == kafka_topics_describe(own.bootstrap, later)
