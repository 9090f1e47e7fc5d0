"""A Kafka step bounded in time (a replay's transactional steps): its answer when it returns, its error when it
fails, and StepStalled, naming the cluster, when it has not returned in time."""
import threading

import kafka.errors as kafka_errors
import pytest

from topics_app import kafka_clients
from topics_app.errors import ClusterUnreachable
from topics_app.models import Cluster

CLUSTER = Cluster(name="bounded")


def test_a_step_that_returns_gives_its_answer():
    assert kafka_clients.call_within(CLUSTER, lambda: 42, timeout_s=5) == 42


def test_a_step_that_never_returns_is_given_up_after_its_time():
    never = threading.Event()

    with pytest.raises(kafka_clients.StepStalled, match=r"Kafka \(bounded\) did not answer within 0.2 s"):
        kafka_clients.call_within(CLUSTER, never.wait, timeout_s=0.2)
    never.set()


def test_a_kafka_error_in_a_step_comes_back_as_the_projects_error():
    def refused():
        raise kafka_errors.KafkaConnectionError("gone")

    with pytest.raises(ClusterUnreachable):
        kafka_clients.call_within(CLUSTER, refused, timeout_s=5)
