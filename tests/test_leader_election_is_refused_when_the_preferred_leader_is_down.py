"""On a three-node cluster of the test's own: with the preferred leader of a partition stopped, a preferred election
is refused naming that partition and changes nothing; once the node is back in sync, the election gives it the
leadership back, as kafka-topics --describe shows."""

from tests.reassign_helpers import describe, own_topic, wait_for


def test_a_preferred_election_waits_for_the_preferred_leader_to_be_up(own_cluster, cluster_row, as_admin, unique_name):
    cluster = cluster_row
    topic = own_topic(own_cluster.bootstrap, unique_name("elect"), {0: [1, 2, 3], 1: [2, 3, 1]})
    url = f"/api/v1/clusters/{cluster.name}/topics/{topic}/elect-leaders/"

    own_cluster.node(1).stop()
    wait_for(lambda: describe(topic, own_cluster.bootstrap)[0][0] != 1, what="partition 0 to get another leader")
    moved = describe(topic, own_cluster.bootstrap)
    refused = as_admin.post(url, {"type": "preferred"}, content_type="application/json")
    after_refusal = describe(topic, own_cluster.bootstrap)

    own_cluster.node(1).start()
    wait_for(lambda: 1 in describe(topic, own_cluster.bootstrap)[0][2], timeout_s=60, what="node 1 back in sync")
    elected = as_admin.post(url, {"type": "preferred", "partitions": [0]}, content_type="application/json")

    assert refused.status_code == 409, refused.content
    assert refused.json()["field"] == "partitions"
    assert "partition 0 (broker 1)" in refused.json()["detail"] and "partition 1" not in refused.json()["detail"]
    assert after_refusal == moved
    assert elected.status_code == 200, elected.content
    assert [(r["partition"], r["result"], r["leader_after"]) for r in elected.json()["partitions"]] == \
        [(0, "elected", 1)]
    assert describe(topic, own_cluster.bootstrap)[0][0] == 1
