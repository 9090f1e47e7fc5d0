"""A reassignment with a throttle sets the replication throttles as Kafka's reassign tool does (the rate on every
broker involved, the moving replicas on the topic), and Strom removes exactly those once it has ended: when the
reassignments are listed, and from the periodic task."""
from kafka import KafkaAdminClient

from tests.conftest import BOOTSTRAP
from tests.reassign_helpers import broker_throttles, reassign, topic_throttles, wait_for, wait_until_done
from tests.topics import create_topic, kafka_describe, numbered, produce_records
from topics_app.models import AuditEntry, ReassignmentThrottle
from topics_app.tasks import remove_finished_throttles

RATE = 10_000_000


def a_moved_topic(cluster, as_admin, unique_name):
    topic = create_topic(unique_name("throttle"), partitions=1)
    produce_records(topic, numbered({0: 100}))
    before = kafka_describe(topic)[0][1]
    after = before + [b for b in (1, 2, 3) if b not in before][:1]
    response = reassign(as_admin, cluster, moves={topic: {"0": after}}, throttle_bytes_per_s=RATE, dry_run=False)
    assert response.status_code == 200, response.content
    return topic, before, after


def test_the_throttles_are_set_while_it_moves_and_gone_once_listed_as_done(cluster, as_admin, unique_name):
    topic, before, after = a_moved_topic(cluster, as_admin, unique_name)

    during_topic, during_brokers = topic_throttles(topic), broker_throttles()
    wait_until_done(as_admin, cluster, topic)
    after_topic, after_brokers = topic_throttles(topic), broker_throttles()

    added = after[-1]
    assert during_topic == {"leader.replication.throttled.replicas": f"0:{before[0]}",
                            "follower.replication.throttled.replicas": f"0:{added}"}
    for broker in after:
        assert during_brokers[broker] == {"leader.replication.throttled.rate": str(RATE),
                                          "follower.replication.throttled.rate": str(RATE)}
    assert after_topic == {}
    assert all(after_brokers[b] == {} for b in after)
    assert kafka_describe(topic)[0][1] == after
    assert not ReassignmentThrottle.objects.exists()
    removed = AuditEntry.objects.get(action="remove_replication_throttle")
    assert removed.details["partitions"] == [[topic, 0]]


def test_the_periodic_task_removes_the_throttles_of_a_reassignment_that_ended(cluster, as_admin, unique_name):
    topic, _, after = a_moved_topic(cluster, as_admin, unique_name)
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP)
    try:
        wait_for(lambda: not admin.list_partition_reassignments(), what="Kafka to finish the reassignment")
    finally:
        admin.close()
    assert ReassignmentThrottle.objects.count() == 1

    remove_finished_throttles()

    assert not ReassignmentThrottle.objects.exists()
    assert topic_throttles(topic) == {}
    assert all(broker_throttles()[b] == {} for b in after)
