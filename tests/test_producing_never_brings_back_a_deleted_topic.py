"""Strom's producers never make a topic. The brokers here, like Kafka by default, create a topic a producer asks
about (auto.create.topics.enable), so a record sent to a topic deleted a moment after Strom checked it would
bring the topic back, empty and with the broker's default settings."""
import time

import pytest

from tests.topics import create_topic, delete_topic, kafka_topic_names
from topics_app import kafka_bulk, kafka_clients
from topics_app.errors import NotFound


def api_produce(client, cluster, topic, value):
    return client.post(f"/api/v1/clusters/{cluster.name}/topics/{topic}/messages/", {"key": "k", "value": value},
                       content_type="application/json")


def test_a_record_for_a_topic_deleted_after_the_check_is_refused_and_the_topic_stays_gone(
        cluster, as_operator, unique_name):
    doomed = create_topic(unique_name("doomed"))
    assert api_produce(as_operator, cluster, doomed, "first").status_code == 201  # the shared producer knows it
    delete_topic(doomed)

    # What a produce request does after its check found the topic: send with the shared producer.
    shared = kafka_clients.producer(cluster)
    with pytest.raises(NotFound):
        kafka_clients.send(cluster, doomed, b"k", b"second", [], None, timeout_s=10)

    assert doomed not in kafka_topic_names()
    # The dropped producer stops: its thread no longer asks for the deleted topic (it did, in a busy loop).
    deadline = time.monotonic() + 30
    while shared._sender.is_alive():
        assert time.monotonic() < deadline, "the dropped producer's thread is still running"
        time.sleep(0.2)
    other = create_topic(unique_name("other"))
    assert api_produce(as_operator, cluster, other, "fine").status_code == 201


def test_a_produce_to_a_topic_that_does_not_exist_is_refused_and_makes_no_topic(cluster, as_operator, unique_name):
    missing = unique_name("missing")

    response = api_produce(as_operator, cluster, missing, "lost")

    assert response.status_code == 404
    assert missing not in kafka_topic_names()


def test_a_jobs_producer_refuses_a_record_for_a_missing_topic_and_makes_no_topic(cluster, unique_name):
    missing = unique_name("missing")
    # librdkafka waits this long for a topic to appear before it fails its records; 30 s by default.
    producer = kafka_bulk.BulkProducer(cluster, **{"topic.metadata.propagation.max.ms": 2000})
    try:
        producer.send(missing, b"k", b"lost")
        with pytest.raises(NotFound):
            producer.flush(30)
    finally:
        producer.close()

    assert missing not in kafka_topic_names()
