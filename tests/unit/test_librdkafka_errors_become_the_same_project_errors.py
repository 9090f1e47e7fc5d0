"""An error from confluent-kafka becomes the project exception kafka-python's error of the same meaning becomes,
so a job says the same thing whichever client carried its records."""
import pytest
from confluent_kafka import KafkaError

from topics_app.errors import AccessDenied, ClusterUnreachable, NotFound, ServiceError
from topics_app.kafka_bulk import translate_librdkafka
from topics_app.models import Cluster

CLUSTER = Cluster(name="bulk", bootstrap_servers="127.0.0.1:9092")


@pytest.mark.parametrize("code", [KafkaError._TRANSPORT, KafkaError._ALL_BROKERS_DOWN, KafkaError._MSG_TIMED_OUT])
def test_a_cluster_out_of_reach_says_so_with_its_address(code):
    error = translate_librdkafka(KafkaError(code), CLUSTER)

    assert isinstance(error, ClusterUnreachable)
    assert error.message == "cannot reach cluster bulk at 127.0.0.1:9092"


@pytest.mark.parametrize("code, kind", [
    (KafkaError.UNKNOWN_TOPIC_OR_PART, NotFound), (KafkaError._UNKNOWN_TOPIC, NotFound),
    (KafkaError.TOPIC_AUTHORIZATION_FAILED, AccessDenied),
])
def test_a_brokers_refusal_becomes_the_same_error_as_from_kafka_python(code, kind):
    assert type(translate_librdkafka(KafkaError(code), CLUSTER)) is kind


def test_anything_else_keeps_librdkafkas_words():
    error = translate_librdkafka(KafkaError(KafkaError._FATAL), CLUSTER)

    assert type(error) is ServiceError and "Fatal" in error.message
