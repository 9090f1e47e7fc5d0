"""A preferred election gives leadership back to the first replica after it moved away; each partition says what
happened in words, and kafka-topics --describe agrees."""
from tests.reassign_helpers import reassign, wait_for, wait_until_done
from tests.topics import create_topic, kafka_describe, numbered, produce_records
from topics_app.models import AuditEntry


def elect(client, cluster, topic, **body):
    return client.post(f"/api/v1/clusters/{cluster.name}/topics/{topic}/elect-leaders/", body,
                       content_type="application/json")


def test_a_preferred_election_moves_the_leader_back_to_the_first_replica(cluster, as_admin, unique_name):
    topic = create_topic(unique_name("elect"), partitions=2)
    produce_records(topic, numbered({0: 10, 1: 10}))
    assert reassign(as_admin, cluster, replication_factor={topic: 3}, dry_run=False).status_code == 200
    wait_until_done(as_admin, cluster, topic)
    leader, replicas, _ = kafka_describe(topic)[0]
    # New replica order, same brokers: the leader stays where it is and is no longer the preferred one.
    reordered = replicas[1:] + replicas[:1]
    assert reassign(as_admin, cluster, moves={topic: {"0": reordered}}, dry_run=False).status_code == 200
    wait_until_done(as_admin, cluster, topic)
    wait_for(lambda: kafka_describe(topic)[0][2] and sorted(kafka_describe(topic)[0][2]) == sorted(replicas),
             what="all replicas in sync")
    assert kafka_describe(topic)[0][0] == leader != reordered[0]

    preview = elect(as_admin, cluster, topic, type="preferred", dry_run=True)
    response = elect(as_admin, cluster, topic, type="preferred")

    assert preview.status_code == 200, preview.content
    rows = {r["partition"]: r for r in preview.json()["partitions"]}
    assert rows[0]["result"] == "elected" and f"to broker {reordered[0]}" in rows[0]["detail"]
    assert rows[1]["result"] == "already preferred"
    assert response.status_code == 200, response.content
    # The leader before the real election is still the old one: the preview changed nothing.
    results = {r["partition"]: (r["result"], r["leader"], r["leader_after"]) for r in response.json()["partitions"]}
    assert results[0] == ("elected", leader, reordered[0])
    assert results[1][0] == "already preferred"
    assert kafka_describe(topic)[0][0] == reordered[0]
    entry = AuditEntry.objects.get(action="elect_leaders", target=topic)
    assert entry.result == "ok" and entry.details["results"]["0"][0] == "elected"
