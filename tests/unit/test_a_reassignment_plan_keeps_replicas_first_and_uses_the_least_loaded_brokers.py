"""The reassignment plan, worked out without Kafka: a replication factor change keeps the existing replicas first and
adds the least loaded brokers (or drops the last replicas); a drain puts the least loaded other broker in the place
of each replica it moves; bad input is refused naming the field."""
import pytest

from topics_app.errors import InvalidRequest, NotFound
from topics_app.services.reassignment_plan import (
    ClusterState,
    checked_moves,
    checked_request,
    drain_targets,
    plan_rows,
    replication_factor_targets,
    throttle_configs,
)


def a_cluster(brokers=(1, 2, 3, 4), **topics):
    state = ClusterState(brokers=list(brokers))
    for topic, partitions in topics.items():
        for partition, replicas in enumerate(partitions):
            state.replicas[(topic, partition)] = list(replicas)
            state.leaders[(topic, partition)] = replicas[0]
    return state


def test_a_higher_replication_factor_keeps_the_replicas_and_adds_the_least_loaded_brokers():
    state = a_cluster(orders=[[1], [2]], busy=[[3, 4], [4, 3]])

    targets = replication_factor_targets({"orders": 3}, state)

    # Loads before: 1:1, 2:1, 3:2, 4:2; each added replica counts at once, a tie goes to the lower id.
    assert targets[("orders", 0)][0] == 1 and targets[("orders", 1)][0] == 2
    assert targets[("orders", 0)] == [1, 2, 3]
    assert targets[("orders", 1)] == [2, 1, 4]


def test_a_lower_replication_factor_drops_the_last_replicas():
    state = a_cluster(orders=[[1, 2, 3], [3, 1, 2]])

    assert replication_factor_targets({"orders": 2}, state) == {("orders", 0): [1, 2], ("orders", 1): [3, 1]}


def test_a_replication_factor_above_the_broker_count_is_refused_naming_the_field():
    with pytest.raises(InvalidRequest) as refused:
        replication_factor_targets({"orders": 5}, a_cluster(orders=[[1]]))
    assert refused.value.field == "replication_factor" and "4 brokers" in refused.value.message


def test_a_drain_puts_the_least_loaded_other_broker_in_the_place_of_the_one_it_moves():
    state = a_cluster(orders=[[1, 2], [2, 3], [3, 4]], busy=[[3], [3]])

    targets = drain_targets([2], state)

    # Loads without broker 2: 1:1, 3:4, 4:1. Partition 0: 2 -> 4 (1 is in the list); partition 1: 2 -> 1.
    assert targets == {("orders", 0): [1, 4], ("orders", 1): [1, 3]}


def test_a_drain_that_leaves_too_few_brokers_is_refused_naming_the_partition():
    with pytest.raises(InvalidRequest) as refused:
        drain_targets([3], a_cluster(brokers=(1, 2, 3), offsets=[[1, 2, 3]]))
    assert refused.value.field == "drain_brokers" and "offsets partition 0" in refused.value.message


def test_a_drain_of_a_broker_that_is_down_but_holds_replicas_is_planned():
    state = a_cluster(brokers=(1, 2, 3), orders=[[4, 1]])

    assert drain_targets([4], state) == {("orders", 0): [2, 1]}


@pytest.mark.parametrize("moves, words", [
    ({"orders": {"0": [1, 9]}}, "no live broker 9"),
    ({"orders": {"0": [1, 1]}}, "broker 1 is named more than once"),
    ({"orders": {"0": []}}, "replica list is empty"),
    ({"orders": {"0": ["a"]}}, "whole numbers"),
])
def test_bad_replica_lists_are_refused_naming_the_partition_and_the_field(moves, words):
    with pytest.raises(InvalidRequest) as refused:
        checked_moves(moves, a_cluster(orders=[[1], [2]]))
    assert refused.value.field == "moves"
    assert "orders partition 0" in refused.value.message and words in refused.value.message


@pytest.mark.parametrize("moves", [{"nowhere": {"0": [1]}}, {"orders": {"7": [1]}}, {"orders": {"x": [1]}}])
def test_an_unknown_topic_or_partition_is_refused_naming_the_field(moves):
    with pytest.raises(NotFound) as refused:
        checked_moves(moves, a_cluster(orders=[[1], [2]]))
    assert refused.value.field == "moves"


def test_the_plan_lists_only_the_partitions_that_change():
    state = a_cluster(orders=[[1, 2], [2, 3]])

    rows = plan_rows({("orders", 0): [1, 2], ("orders", 1): [2, 4]}, state)

    assert [(r.partition, r.before, r.after, r.adding, r.removing) for r in rows] == [(1, [2, 3], [2, 4], [4], [3])]


def test_throttles_are_set_as_kafkas_reassign_tool_sets_them():
    rows = plan_rows({("orders", 0): [1, 4], ("orders", 1): [2, 3, 4]}, a_cluster(orders=[[1, 2], [2, 3]]))

    brokers, topics = throttle_configs(rows, 5000)

    assert sorted(brokers) == ["1", "2", "3", "4"]
    assert brokers["4"] == {"leader.replication.throttled.rate": "5000", "follower.replication.throttled.rate": "5000"}
    assert topics == {"orders": {"leader.replication.throttled.replicas": "0:1,0:2,1:2,1:3",
                                 "follower.replication.throttled.replicas": "0:4,1:4"}}


@pytest.mark.parametrize("request_body, field", [
    ({}, "moves"),
    ({"moves": {"t": {"0": [1]}}, "drain_brokers": [1]}, "moves"),
    ({"drain_brokers": [1], "throttle_bytes_per_s": 10}, "throttle_bytes_per_s"),
])
def test_a_request_gives_exactly_one_kind_of_change_and_a_usable_throttle(request_body, field):
    with pytest.raises(InvalidRequest) as refused:
        checked_request(**request_body)
    assert refused.value.field == field
