"""An admin changes dynamic broker configs through the API, per broker and cluster-wide, in one incremental
request: kafka-configs then describes the change, and the audit log holds it. A read-only or unknown config, a bad
value, a broker that does not exist and a user who is not an admin are refused, naming the field, with nothing
applied. The configs used (the log cleaner's) change nothing other tests rely on, and are reset at the end."""
import re

import pytest

from tests import waiting
from tests.conftest import BOOTSTRAP, run_tool
from topics_app.models import AuditEntry

BROKER_CONFIG = "log.cleaner.threads"
CLUSTER_CONFIG = "log.cleaner.backoff.ms"


def dynamic_configs(entity):
    """{name: value} of the dynamic overrides kafka-configs describes for a broker id, or cluster-wide ("")."""
    target = ["--entity-name", entity] if entity else ["--entity-default"]
    printed = run_tool("kafka-configs", "--bootstrap-server", BOOTSTRAP, "--entity-type", "brokers", *target,
                       "--describe")
    return dict(re.findall(r"^  (\S+?)=(\S*) sensitive=", printed, re.MULTILINE))


def config_of(client, cluster, broker, name):
    configs = client.get(f"/api/v1/clusters/{cluster.name}/brokers/{broker}/").json()["configs"]
    return next(c for c in configs if c["name"] == name)


def eventually(check, timeout_s=30):
    """A broker applies a dynamic config when the controller's record reaches it, a moment after the answer."""
    waiting.wait_until(check, timeout_s, "the change to arrive", interval_s=0.3)


def patch(client, cluster, broker, configs):
    return client.patch(f"/api/v1/clusters/{cluster.name}/brokers/{broker}/configs/", {"configs": configs},
                        content_type="application/json")


@pytest.fixture
def cleaner_configs_reset(as_admin, cluster):
    yield
    for broker, name in (("2", BROKER_CONFIG), ("default", CLUSTER_CONFIG)):
        entity = "" if broker == "default" else broker
        if name in dynamic_configs(entity):
            assert patch(as_admin, cluster, broker, {name: None}).status_code == 200


def test_an_admin_sets_and_deletes_one_brokers_dynamic_config(as_admin, cluster, cleaner_configs_reset):
    before = config_of(as_admin, cluster, "2", BROKER_CONFIG)
    assert before["dynamic"] and not before["overridden"]

    answer = patch(as_admin, cluster, "2", {BROKER_CONFIG: "2"})
    assert answer.status_code == 200, answer.json()
    assert answer.json() == [{"name": BROKER_CONFIG, "before": before["value"], "after": "2"}]
    assert dynamic_configs("2")[BROKER_CONFIG] == "2"
    assert BROKER_CONFIG not in dynamic_configs("1")
    eventually(lambda: config_of(as_admin, cluster, "2", BROKER_CONFIG)["source"] == "broker")
    shown = config_of(as_admin, cluster, "2", BROKER_CONFIG)
    assert (shown["value"], shown["override"], shown["fallback"]) == ("2", "2", before["value"])

    answer = patch(as_admin, cluster, "2", {BROKER_CONFIG: None})
    assert answer.status_code == 200, answer.json()
    assert answer.json() == [{"name": BROKER_CONFIG, "before": "2", "after": before["value"]}]
    assert BROKER_CONFIG not in dynamic_configs("2")

    entries = AuditEntry.objects.filter(action="alter_broker_configs", target="broker 2").order_by("at")
    assert [(e.username, e.result, e.details["changes"]) for e in entries] == [
        ("admin-persona", "ok", {BROKER_CONFIG: "2"}), ("admin-persona", "ok", {BROKER_CONFIG: None})]


def test_an_admin_sets_a_cluster_wide_default_every_broker_reports(as_admin, cluster, cleaner_configs_reset):
    answer = patch(as_admin, cluster, "default", {CLUSTER_CONFIG: "16000"})

    assert answer.status_code == 200, answer.json()
    assert dynamic_configs("")[CLUSTER_CONFIG] == "16000"
    for broker in ("1", "2", "3"):
        eventually(lambda: config_of(as_admin, cluster, broker, CLUSTER_CONFIG)["value"] == "16000")
        assert config_of(as_admin, cluster, broker, CLUSTER_CONFIG)["source"] == "broker_default"
    assert AuditEntry.objects.get(action="alter_broker_configs", target="cluster-wide default").result == "ok"


@pytest.mark.parametrize("broker", ["2", "default"])
def test_a_read_only_config_is_refused_naming_it_and_nothing_is_half_applied(as_admin, cluster, broker):
    answer = patch(as_admin, cluster, broker, {BROKER_CONFIG: "2", "num.partitions": "5"})

    assert answer.status_code == 400
    assert answer.json()["field"] == "num.partitions"
    assert "read-only" in answer.json()["detail"]
    assert BROKER_CONFIG not in dynamic_configs("" if broker == "default" else broker)
    entry = AuditEntry.objects.get(action="alter_broker_configs")
    assert entry.result == "failed" and "num.partitions" in entry.error


def test_an_unknown_config_is_refused_naming_it(as_admin, cluster):
    answer = patch(as_admin, cluster, "2", {BROKER_CONFIG: "2", "log.cleaner.no.such.thing": "1"})

    assert answer.status_code == 400
    assert answer.json()["field"] == "log.cleaner.no.such.thing"
    assert BROKER_CONFIG not in dynamic_configs("2")


@pytest.mark.parametrize("value, words", [("many", "Not a number of type INT"), ("-3", "at least")])
def test_a_bad_value_is_refused_by_kafka_naming_the_config(as_admin, cluster, value, words):
    answer = patch(as_admin, cluster, "2", {BROKER_CONFIG: value})

    assert answer.status_code == 400
    assert answer.json()["field"] == BROKER_CONFIG
    assert words in answer.json()["detail"]
    assert BROKER_CONFIG not in dynamic_configs("2")


def test_a_setting_only_a_broker_may_have_is_refused_cluster_wide(as_admin, cluster):
    answer = patch(as_admin, cluster, "default", {"listeners": "PLAINTEXT://127.0.0.1:1"})

    assert answer.status_code == 400
    assert answer.json()["field"] == "listeners"


def test_an_empty_change_is_refused_naming_configs(as_admin, cluster):
    answer = patch(as_admin, cluster, "2", {})

    assert answer.status_code == 400
    assert answer.json()["field"] == "configs"


@pytest.mark.parametrize("role", ["viewer", "operator"])
def test_only_an_admin_may_change_broker_configs(request, cluster, role):
    client = request.getfixturevalue(f"as_{role}")

    answer = patch(client, cluster, "2", {BROKER_CONFIG: "2"})

    assert answer.status_code == 403
    assert "admin" in answer.json()["detail"]
    assert not AuditEntry.objects.filter(action="alter_broker_configs").exists()


@pytest.mark.parametrize("broker", ["99", "not-a-broker"])
def test_a_broker_that_does_not_exist_is_not_found(as_admin, cluster, broker):
    assert as_admin.get(f"/api/v1/clusters/{cluster.name}/brokers/{broker}/").status_code == 404
    answer = patch(as_admin, cluster, broker, {BROKER_CONFIG: "2"})
    assert answer.status_code == 404
    assert answer.json()["field"] == "broker"
