"""A produce takes acks 0, 1 or "all" (default "all") from the API and the form, says which it used, and
refuses any other acks naming the field, writing nothing."""
import pytest

from tests.job_helpers import read_all
from tests.topics import create_topic
from topics_app.models import AuditEntry


def api_produce(client, cluster, topic, **record):
    return client.post(f"/api/v1/clusters/{cluster.name}/topics/{topic}/messages/", record,
                       content_type="application/json")


def page_produce(client, cluster, topic, value, **fields):
    return client.post(f"/clusters/{cluster.name}/topics/{topic}/produce/", {
        "topic": topic, "key": "", "key_encoding": "utf-8", "value": value, "value_encoding": "utf-8",
        "headers": "", "headers_encoding": "utf-8", **fields})


def values_in(topic):
    return [record[2] for record in read_all(topic, "read_uncommitted")[0]]


def test_without_acks_the_api_waits_for_all_in_sync_replicas_and_says_so(cluster, as_operator, unique_name):
    topic = create_topic(unique_name("acks"))

    response = api_produce(as_operator, cluster, topic, value="durable")

    assert response.status_code == 201, response.content
    assert response.json()["acks"] == "all"
    assert values_in(topic)[response.json()["offset"]] == b"durable"


@pytest.mark.parametrize("acks, answered", [(1, 1), ("1", 1), ("all", "all")])
def test_acks_1_and_all_answer_with_the_offset(acks, answered, cluster, as_operator, unique_name):
    topic = create_topic(unique_name("acks"))

    response = api_produce(as_operator, cluster, topic, value="v", acks=acks)

    assert response.status_code == 201, response.content
    assert response.json()["acks"] == answered
    assert response.json()["offset"] == 0
    assert values_in(topic) == [b"v"]


def test_acks_0_is_not_waited_for_and_has_no_offset(cluster, as_operator, unique_name):
    topic = create_topic(unique_name("acks"))

    response = api_produce(as_operator, cluster, topic, value="fire and forget", acks=0)

    assert response.status_code == 201, response.content
    assert response.json()["acks"] == 0
    assert response.json()["offset"] is None
    assert values_in(topic) == [b"fire and forget"]
    entry = AuditEntry.objects.filter(action="produce", target=topic).latest("pk")
    assert entry.details["acks"] == 0


@pytest.mark.parametrize("acks", [2, -1, "none", True, "ALL"])
def test_other_acks_are_refused_naming_the_field(acks, cluster, as_operator, unique_name):
    topic = create_topic(unique_name("acks"))

    response = api_produce(as_operator, cluster, topic, value="never", acks=acks)

    assert response.status_code == 400
    assert response.json()["field"] == "acks"
    assert values_in(topic) == []


def test_the_form_says_what_each_acks_means_and_uses_the_one_chosen(cluster, as_operator, unique_name):
    topic = create_topic(unique_name("acks"))

    form = as_operator.get(f"/clusters/{cluster.name}/topics/{topic}/produce/").content.decode()
    written = page_produce(as_operator, cluster, topic, "one", acks="1").content.decode()
    sent = page_produce(as_operator, cluster, topic, "zero", acks="0").content.decode()
    refused = page_produce(as_operator, cluster, topic, "never", acks="3")

    assert 'name="acks" value="all"' in form and "checked" in form.split('value="all"')[1].split(">")[0]
    assert "all: every in-sync replica wrote it, and at least min.insync.replicas of them" in form
    assert "1: the leader wrote it" in form
    assert "0: not waited for" in form
    assert 'offset <strong id="produced-offset">0</strong>, with <strong id="produced-acks">acks=1</strong>' in written
    assert "acks=0</strong>: not waited for, so Kafka gave no offset" in sent
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    assert values_in(topic) == [b"one", b"zero"]
