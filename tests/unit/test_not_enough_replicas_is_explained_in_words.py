"""Kafka's NOT_ENOUGH_REPLICAS, said in words: which partition, how many replicas are in sync of how many,
what min.insync.replicas asks for, and that acks=1 would be accepted."""
from streams_app.services.produce import not_enough_replicas_text

ONE_OF_THREE = {0: ([1, 2, 3], [2]), 1: ([2, 3, 1], [2, 3, 1])}


def test_it_names_the_partition_short_of_in_sync_replicas_and_what_the_topic_needs():
    text = not_enough_replicas_text("orders", None, ONE_OF_THREE, 2)

    assert "NOT_ENOUGH_REPLICAS" in text
    assert "only 1 of the 3 replicas of partition 0 is in sync (broker 2)" in text
    assert "the topic needs 2 (min.insync.replicas) for acks=all" in text
    assert "acks=1 would be accepted" in text


def test_the_partition_asked_for_is_the_one_described():
    text = not_enough_replicas_text("orders", 1, {0: ([1, 2, 3], [2]), 1: ([1, 2, 3], [1, 2])}, 3)

    assert "only 2 of the 3 replicas of partition 1 are in sync (brokers 1, 2)" in text
    assert "needs 3 (min.insync.replicas)" in text


def test_after_append_it_says_the_leader_wrote_the_record():
    text = not_enough_replicas_text("orders", 0, ONE_OF_THREE, 2, after_append=True)

    assert "NOT_ENOUGH_REPLICAS_AFTER_APPEND" in text
    assert "The leader wrote the record" in text


def test_without_a_description_of_the_topic_it_still_explains_the_refusal():
    text = not_enough_replicas_text("orders", None, {}, None)

    assert "fewer replicas are in sync than the topic's min.insync.replicas" in text
    assert "acks=1 would be accepted" in text
