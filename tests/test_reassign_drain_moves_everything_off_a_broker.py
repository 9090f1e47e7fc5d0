"""On a three-node cluster of the test's own: "move everything off broker 3" after that node died plans every
partition it held onto the other brokers, the new broker taking its place in the replica list, and the
reassignment completes without it; the records are all still there."""
from kafka import KafkaConsumer, TopicPartition

from tests.reassign_helpers import describe, in_progress, own_topic, reassign, wait_for


def record_count(bootstrap, topic, partitions):
    consumer = KafkaConsumer(bootstrap_servers=bootstrap)
    try:
        ends = consumer.end_offsets([TopicPartition(topic, p) for p in partitions])
        return {tp.partition: offset for tp, offset in ends.items()}
    finally:
        consumer.close()


def test_everything_moves_off_a_dead_broker(own_cluster, cluster_row, as_admin, unique_name):
    cluster = cluster_row
    topic = own_topic(own_cluster.bootstrap, unique_name("drain"), {0: [3, 1], 1: [1, 3], 2: [1, 2]})

    own_cluster.node(3).kill()
    wait_for(lambda: describe(topic, own_cluster.bootstrap)[0][0] == 1, what="partition 0 led by broker 1")
    plan = reassign(as_admin, cluster, drain_brokers=[3])
    applied = reassign(as_admin, cluster, drain_brokers=[3], dry_run=False)
    wait_for(lambda: not in_progress(as_admin, cluster), timeout_s=60, what="the drain to finish")

    assert plan.status_code == 200, plan.content
    assert [(r["partition"], r["before"], r["after"]) for r in plan.json()["plan"]] == \
        [(0, [3, 1], [2, 1]), (1, [1, 3], [1, 2])]
    assert applied.status_code == 200 and applied.json()["plan"] == plan.json()["plan"]
    described = describe(topic, own_cluster.bootstrap)
    assert {p: replicas for p, (_, replicas, _) in described.items()} == {0: [2, 1], 1: [1, 2], 2: [1, 2]}
    assert all(sorted(isr) == [1, 2] for _, _, isr in described.values())
    assert record_count(own_cluster.bootstrap, topic, [0, 1, 2]) == {0: 20, 1: 20, 2: 20}
