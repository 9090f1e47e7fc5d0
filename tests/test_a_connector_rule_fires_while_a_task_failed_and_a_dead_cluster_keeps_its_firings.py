"""connector_failed on the real Connect worker: a sink whose folder does not exist fails its task and the rule
fires for that connector only; after the folder is made and the task restarted, it resolves. A rule whose
cluster cannot be reached keeps its firings as they were and says why, rather than resolving them."""
from django.utils import timezone

from alerts_app.models import AlertRule, Firing
from alerts_app.services.evaluation import evaluate
from tests.connect_helpers import SINK, connect_rest, wait_for_states
from tests.topics import create_topic
from topics_app.models import Cluster


def states(rule):
    return {f.subject: f.state for f in Firing.objects.filter(rule=rule)}


def test_a_failed_sink_task_fires_and_resolves_after_its_restart(connect, connector_names, unique_name, tmp_path,
                                                                   cluster):
    topic, folder = create_topic(unique_name("sink-in")), tmp_path / "not-yet"
    name = connector_names("alert-sink")
    assert connect_rest("POST", "/connectors", {"name": name, "config": {
        "connector.class": SINK, "topics": topic, "file": str(folder / "out.txt")}})[0] == 201
    rule = AlertRule.objects.create(name=unique_name("connectors"), kind="connector_failed", cluster=cluster,
                                    target="alert-sink*")
    wait_for_states(name, "RUNNING", ["FAILED"])

    evaluate(rules=[rule])
    assert states(rule) == {name: "firing"}

    folder.mkdir()
    assert connect_rest("POST", f"/connectors/{name}/tasks/0/restart")[0] in (200, 202, 204)
    wait_for_states(name, "RUNNING", ["RUNNING"])
    evaluate(rules=[rule])
    assert states(rule) == {name: "resolved"}
    assert AlertRule.objects.get(pk=rule.pk).evaluation_error == ""


def test_a_rule_on_a_cluster_that_does_not_answer_keeps_its_firing_and_says_why(db, unique_name, as_viewer):
    dead = Cluster.objects.create(name=unique_name("dead"), bootstrap_servers="127.0.0.1:1")
    rule = AlertRule.objects.create(name=unique_name("health"), kind="under_replicated", cluster=dead)
    Firing.objects.create(rule=rule, subject="orders", state="firing", value=2, breached_at=timezone.now(),
                          since=timezone.now())

    evaluate(rules=[rule])

    assert states(rule) == {"orders": "firing"}
    error = AlertRule.objects.get(pk=rule.pk).evaluation_error
    assert error
    assert "could not measure" in as_viewer.get(f"/alerts/rules/{rule.pk}/").content.decode()
