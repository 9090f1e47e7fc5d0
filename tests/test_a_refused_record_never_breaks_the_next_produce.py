"""A record Kafka refuses fails that request only: the next produce, to another topic, from the page,
the API or a job, is written."""
import pytest

from streams_app.models import Job
from tests.celery_worker import wait_for_job
from tests.job_helpers import read_all, start
from tests.topics import create_topic, delete_topic


def api_produce(client, cluster, topic, **record):
    return client.post(f"/api/v1/clusters/{cluster.name}/topics/{topic}/messages/", record,
                       content_type="application/json")


def page_produce(client, cluster, topic, key="", value="v"):
    return client.post(f"/clusters/{cluster.name}/topics/{topic}/produce/", {
        "topic": topic, "key": key, "key_encoding": "utf-8", "value": value, "value_encoding": "utf-8",
        "headers": "", "headers_encoding": "utf-8"})


def refuse_a_keyless_record_on_a_compacted_topic(client, cluster, name):
    compacted = create_topic(name, configs={"cleanup.policy": "compact"})
    response = api_produce(client, cluster, compacted, value="no key")
    assert response.status_code == 400
    assert "without key" in response.json()["detail"]


def refuse_a_record_over_the_topics_size_limit(client, cluster, name):
    small = create_topic(name, configs={"max.message.bytes": "1024"})
    response = api_produce(client, cluster, small, key="k", value="x" * 5000)
    assert response.status_code == 400


def refuse_a_record_for_a_topic_deleted_since_the_last_one(client, cluster, name):
    doomed = create_topic(name)
    assert api_produce(client, cluster, doomed, key="k", value="first").status_code == 201
    delete_topic(doomed)
    assert api_produce(client, cluster, doomed, key="k", value="second").status_code == 404


REFUSALS = [refuse_a_keyless_record_on_a_compacted_topic, refuse_a_record_over_the_topics_size_limit,
            refuse_a_record_for_a_topic_deleted_since_the_last_one]


@pytest.mark.parametrize("refuse", REFUSALS)
def test_after_a_refused_record_the_api_writes_the_next_one(refuse, cluster, as_operator, unique_name):
    other = create_topic(unique_name("other"))
    refuse(as_operator, cluster, unique_name("refused"))

    response = api_produce(as_operator, cluster, other, value="fine")

    assert response.status_code == 201, response.content
    assert [r[2] for r in read_all(other)[0]] == [b"fine"]


@pytest.mark.parametrize("refuse", REFUSALS)
def test_after_a_refused_record_the_page_writes_the_next_one(refuse, cluster, as_operator, unique_name):
    other = create_topic(unique_name("other"))
    refuse(as_operator, cluster, unique_name("refused"))

    response = page_produce(as_operator, cluster, other, value="fine")

    assert response.status_code == 200
    assert f"Produced to {other}, partition" in response.content.decode()
    assert [r[2] for r in read_all(other)[0]] == [b"fine"]


def test_after_a_refused_record_a_job_writes_to_another_topic(worker, cluster, as_operator, unique_name):
    other = create_topic(unique_name("other"))
    refuse_a_keyless_record_on_a_compacted_topic(as_operator, cluster, unique_name("refused"))

    job = wait_for_job(start(as_operator, "generate", {"cluster": cluster.name, "topic": other, "count": 50})["id"])

    assert job.state == Job.State.SUCCEEDED, job.error
    assert len(read_all(other)[0]) == 50
