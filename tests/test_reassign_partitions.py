"""Reassigning partitions through the API: a plan first (a dry run changes nothing), then the change Kafka makes,
equal to what kafka-topics --describe shows afterwards; audited."""
from tests.reassign_helpers import reassign, wait_until_done
from tests.topics import create_topic, kafka_describe, numbered, produce_records
from topics_app.models import AuditEntry


def replicas_of(topic):
    return {p: replicas for p, (_, replicas, _) in kafka_describe(topic).items()}


def test_a_dry_run_shows_the_plan_with_bytes_to_copy_and_changes_nothing(cluster, as_admin, unique_name):
    topic = create_topic(unique_name("rf"), partitions=2)
    produce_records(topic, numbered({0: 50, 1: 50}))
    before = replicas_of(topic)

    response = reassign(as_admin, cluster, replication_factor={topic: 3})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["dry_run"] is True and body["applied"] is False
    assert [(r["partition"], r["before"]) for r in body["plan"]] == [(0, before[0]), (1, before[1])]
    for row in body["plan"]:
        assert row["after"][0] == row["before"][0] and sorted(row["after"]) == [1, 2, 3]
        assert row["bytes"] > 0
    assert replicas_of(topic) == before
    assert not AuditEntry.objects.filter(action="reassign_partitions").exists()


def test_a_replication_factor_goes_from_one_to_three_and_back_to_two(cluster, as_admin, unique_name):
    topic = create_topic(unique_name("rf"), partitions=3)
    produce_records(topic, numbered({0: 5, 1: 5, 2: 5}))
    first = replicas_of(topic)

    up = reassign(as_admin, cluster, replication_factor={topic: 3}, dry_run=False)
    assert up.status_code == 200, up.content
    wait_until_done(as_admin, cluster, topic)
    grown = replicas_of(topic)

    down = reassign(as_admin, cluster, replication_factor={topic: 2}, dry_run=False)
    assert down.status_code == 200, down.content
    wait_until_done(as_admin, cluster, topic)

    assert {r["partition"]: r["after"] for r in up.json()["plan"]} == grown
    assert all(grown[p][0] == first[p][0] and sorted(grown[p]) == [1, 2, 3] for p in grown)
    assert replicas_of(topic) == {p: grown[p][:2] for p in grown}
    assert {r["partition"]: r["after"] for r in down.json()["plan"]} == replicas_of(topic)
    entry = AuditEntry.objects.filter(action="reassign_partitions", target=topic).first()
    assert entry.result == "ok" and entry.username == "admin-persona"
    assert [row[1:] for row in entry.details["plan"]] == [[p, grown[p], grown[p][:2]] for p in sorted(grown)]


def test_a_partition_gets_the_replicas_it_is_given(cluster, as_admin, unique_name):
    topic = create_topic(unique_name("move"), partitions=2)
    produce_records(topic, numbered({0: 20, 1: 20}))
    untouched = replicas_of(topic)[1]
    current = replicas_of(topic)[0][0]
    wanted = [b for b in (1, 2, 3) if b != current][:2]

    response = reassign(as_admin, cluster, moves={topic: {"0": wanted}}, dry_run=False)

    assert response.status_code == 200, response.content
    assert [(r["partition"], r["before"], r["after"]) for r in response.json()["plan"]] == [(0, [current], wanted)]
    wait_until_done(as_admin, cluster, topic)
    described = kafka_describe(topic)
    assert described[0][1] == wanted and sorted(described[0][2]) == sorted(wanted)
    assert described[1][1] == untouched
