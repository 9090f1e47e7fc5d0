"""A reassignment throttled to a crawl, cancelled while it copies: the partition keeps the replicas it had, the list
shows nothing in progress, and the throttles Strom set are gone."""
import time

from tests.reassign_helpers import broker_throttles, in_progress, reassign, topic_throttles, wait_until_done
from tests.topics import create_topic, kafka_describe, produce_values
from topics_app.models import AuditEntry

SLOWEST = 1024


def test_a_cancelled_reassignment_leaves_the_partition_as_it_was(cluster, as_admin, unique_name):
    topic = create_topic(unique_name("cancel"), partitions=1)
    produce_values(topic, [b"x" * 1000] * 3000)  # 3 MB: hours at 1 KB/s
    before = kafka_describe(topic)[0][1]
    elsewhere = [b for b in (1, 2, 3) if b not in before][:1]

    started = reassign(as_admin, cluster, moves={topic: {"0": before + elsewhere}}, throttle_bytes_per_s=SLOWEST,
                       dry_run=False)
    assert started.status_code == 200, started.content
    time.sleep(1)
    moving = [r for r in in_progress(as_admin, cluster) if r["topic"] == topic]
    cancelled = as_admin.delete(f"/api/v1/clusters/{cluster.name}/reassignments/", {"partitions": [[topic, 0]]},
                                content_type="application/json")
    wait_until_done(as_admin, cluster, topic)

    assert [(r["partition"], r["adding"], r["removing"]) for r in moving] == [(0, elsewhere, [])]
    assert moving[0]["copied_bytes"] < moving[0]["size_bytes"]
    assert cancelled.status_code == 200, cancelled.content
    assert cancelled.json() == {"cancelled": [[topic, 0]]}
    assert kafka_describe(topic)[0][1] == before
    assert topic_throttles(topic) == {}
    assert all(broker_throttles()[b] == {} for b in before + elsewhere)
    assert AuditEntry.objects.get(action="cancel_reassignment").details["cancelled"] == [[topic, 0]]


def test_cancelling_what_does_not_move_is_refused_naming_the_partition(cluster, as_admin, unique_name):
    topic = create_topic(unique_name("cancel"), partitions=1)

    response = as_admin.delete(f"/api/v1/clusters/{cluster.name}/reassignments/", {"partitions": [[topic, 0]]},
                               content_type="application/json")

    assert response.status_code == 404
    assert response.json()["field"] == "partitions" and f"{topic} partition 0" in response.json()["detail"]
