"""Every topic change is in the audit log with who, what and the result."""
from tests.topics import make_topic
from topics_app.models import AuditEntry


def test_a_successful_create_and_a_refused_one_are_both_audited(cluster, as_admin, personas, unique_name):
    name = unique_name()
    url = f"/api/v1/clusters/{cluster.name}/topics/"

    as_admin.post(url, {"name": name, "partitions": 2}, content_type="application/json")
    as_admin.post(url, {"name": name, "partitions": 2}, content_type="application/json")

    entries = list(AuditEntry.objects.filter(target=name).order_by("at"))
    assert [(e.user, e.action, e.cluster, e.result) for e in entries] == [
        (personas["admin"], "create_topic", cluster.name, "ok"),
        (personas["admin"], "create_topic", cluster.name, "failed"),
    ]
    assert entries[0].details["partitions"] == 2
    assert "already exists" in entries[1].error


def test_config_changes_partitions_purges_and_deletes_are_audited(cluster, as_admin, unique_name):
    topic = make_topic(unique_name(), partitions=1, messages_per_partition=2)
    api = f"/api/v1/clusters/{cluster.name}/topics/{topic}"

    as_admin.patch(f"{api}/configs/", {"configs": {"retention.ms": "1000"}}, content_type="application/json")
    as_admin.post(f"{api}/partitions/", {"count": 2}, content_type="application/json")
    as_admin.post(f"{api}/purge/", {}, content_type="application/json")
    as_admin.delete(f"{api}/")

    entries = AuditEntry.objects.filter(target=topic).order_by("at")
    assert [(e.action, e.result) for e in entries] == [
        ("alter_topic_configs", "ok"), ("add_partitions", "ok"), ("purge_topic", "ok"), ("delete_topic", "ok"),
    ]
    assert entries[0].details == {"changes": {"retention.ms": "1000"}}
