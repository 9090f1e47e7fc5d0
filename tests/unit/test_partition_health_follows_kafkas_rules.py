"""Partition health: the rules of kafka-topics' --under-replicated-partitions, --under-min-isr-partitions,
--unavailable-partitions and of the preferred leader."""
from dataclasses import fields

from topics_app.services.health import Health, partition_health, topic_health


def test_a_partition_with_every_replica_in_sync_and_its_preferred_leader_is_healthy():
    assert partition_health(1, [1, 2, 3], [1, 2, 3], min_isr=2) == Health()
    assert Health().problems == []


def test_a_replica_out_of_the_isr_makes_it_under_replicated_but_not_under_min_isr():
    assert partition_health(1, [1, 2, 3], [1, 2], min_isr=2) == Health(under_replicated=1)


def test_fewer_in_sync_replicas_than_min_isr_is_both():
    assert partition_health(1, [1, 2, 3], [1], min_isr=2) == Health(under_replicated=1, under_min_isr=1)


def test_no_leader_is_offline_and_not_counted_as_imbalance():
    found = partition_health(-1, [1, 2, 3], [], min_isr=2)
    assert found.offline == 1 and found.leader_imbalance == 0


def test_a_leader_that_is_not_the_first_replica_is_out_of_balance():
    assert partition_health(2, [1, 2, 3], [1, 2, 3], min_isr=2) == Health(leader_imbalance=1)


def test_a_topic_sums_its_partitions_and_names_its_problems():
    found = topic_health([(1, [1, 2, 3], [1, 2, 3]), (3, [2, 3, 1], [3, 1]), (-1, [3, 1, 2], [])], min_isr=2)
    assert found == Health(under_replicated=2, under_min_isr=1, offline=1, leader_imbalance=1)
    assert found.problems == [("Under-replicated", 2), ("Under min ISR", 1), ("Offline", 1),
                              ("Leader not preferred", 1)]


def test_adding_two_healths_adds_every_problem_count():
    counts = [field.name for field in fields(Health)]
    one = Health(**{name: n + 1 for n, name in enumerate(counts)})
    other = Health(**{name: 10 * (n + 1) for n, name in enumerate(counts)})
    assert one + other == Health(**{name: 11 * (n + 1) for n, name in enumerate(counts)})
