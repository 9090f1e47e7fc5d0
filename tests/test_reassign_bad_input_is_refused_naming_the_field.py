"""Bad reassignment and election requests are refused naming the field, and nothing is changed; only admins act,
while everyone may see the reassignments in progress."""
import pytest

from tests.reassign_helpers import in_progress, reassign
from tests.topics import create_topic, kafka_describe
from topics_app.models import AuditEntry


@pytest.fixture
def topic(unique_name):
    return create_topic(unique_name("bad"), partitions=2)


@pytest.mark.parametrize("body, status, field, words", [
    ({"moves": {"T": {"0": [1, 7]}}}, 400, "moves", "no live broker 7"),
    ({"moves": {"T": {"0": [2, 2]}}}, 400, "moves", "broker 2 is named more than once"),
    ({"moves": {"T": {"0": []}}}, 400, "moves", "the replica list is empty"),
    ({"moves": {"T": {"5": [1]}}}, 404, "moves", "has no partition 5"),
    ({"moves": {"T-missing": {"0": [1]}}}, 404, "moves", "no topic named"),
    ({"replication_factor": {"T": 4}}, 400, "replication_factor", "more than the 3 brokers"),
    ({"replication_factor": {"T": 0}}, 400, "replication_factor", "at least 1"),
    ({"drain_brokers": [8]}, 400, "drain_brokers", "no broker 8"),
    ({"moves": {"T": {"0": [1]}}, "replication_factor": {"T": 2}}, 400, "moves", "exactly one of"),
])
def test_a_bad_plan_is_refused_naming_the_field_and_nothing_changes(cluster, as_admin, topic, body, status, field,
                                                                    words):
    body = {key: {k.replace("T", topic, 1) if k.startswith("T") else k: v for k, v in value.items()}
            if isinstance(value, dict) else value for key, value in body.items()}
    before = kafka_describe(topic)

    response = reassign(as_admin, cluster, **body, dry_run=False)

    assert response.status_code == status, response.content
    assert response.json()["field"] == field and words in response.json()["detail"]
    assert not [r for r in in_progress(as_admin, cluster) if r["topic"] == topic]
    assert kafka_describe(topic) == before
    assert AuditEntry.objects.get(action="reassign_partitions").result == "failed"


def test_a_plan_with_one_bad_partition_changes_none_of_them(cluster, as_admin, topic):
    before = kafka_describe(topic)

    response = reassign(as_admin, cluster, moves={topic: {"0": [1, 2], "1": [3, 3]}}, dry_run=False)

    assert response.status_code == 400 and f"{topic} partition 1" in response.json()["detail"]
    assert kafka_describe(topic) == before


def test_only_admins_plan_apply_cancel_or_elect_and_everyone_sees_what_moves(cluster, as_operator, as_viewer,
                                                                            topic):
    base = f"/api/v1/clusters/{cluster.name}"
    for client in (as_operator, as_viewer):
        assert reassign(client, cluster, replication_factor={topic: 2}).status_code == 403
        assert client.delete(f"{base}/reassignments/", {"partitions": None},
                             content_type="application/json").status_code == 403
        assert client.post(f"{base}/topics/{topic}/elect-leaders/", {"type": "preferred"},
                           content_type="application/json").status_code == 403
        assert client.get(f"{base}/reassignments/").status_code == 200
        assert client.get(f"/clusters/{cluster.name}/reassignments/").status_code == 200
        assert client.get(f"/clusters/{cluster.name}/topics/{topic}/reassign/").status_code == 403
        assert client.get(f"/clusters/{cluster.name}/topics/{topic}/elect-leaders/").status_code == 403
        assert client.post(f"/clusters/{cluster.name}/reassignments/", {"action": "cancel", "all": "1"}
                           ).status_code == 403


@pytest.mark.parametrize("body, status, field", [
    ({"type": "sideways"}, 400, "type"),
    ({"type": "preferred", "partitions": [9]}, 404, "partitions"),
])
def test_a_bad_election_is_refused_naming_the_field(cluster, as_admin, topic, body, status, field):
    response = as_admin.post(f"/api/v1/clusters/{cluster.name}/topics/{topic}/elect-leaders/", body,
                             content_type="application/json")

    assert response.status_code == status, response.content
    found = response.json()
    assert found.get("field") == field or field in found.get("detail", {})


def test_an_election_on_a_topic_that_does_not_exist_answers_404(cluster, as_admin, unique_name):
    response = as_admin.post(f"/api/v1/clusters/{cluster.name}/topics/{unique_name('none')}/elect-leaders/",
                             {"type": "preferred"}, content_type="application/json")

    assert response.status_code == 404 and response.json()["field"] == "topic"
