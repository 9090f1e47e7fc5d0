"""Viewers read groups, operators reset offsets, admins delete groups — in pages and in the API."""
from django.test import Client

from tests.kafka_groups import commit, join, kafka_describe
from tests.topics import create_topic, numbered, produce_records
from topics_app.models import AuditEntry


def an_empty_group(unique_name):
    topic, group = unique_name("roles"), unique_name("g")
    create_topic(topic, 1)
    produce_records(topic, numbered({0: 4}))
    commit(group, topic, {0: 2})
    return topic, group


def test_a_viewer_reads_the_list_and_the_detail(cluster, as_viewer, unique_name):
    topic, group = an_empty_group(unique_name)

    assert as_viewer.get(f"/clusters/{cluster.name}/consumer-groups/").status_code == 200
    assert as_viewer.get(f"/clusters/{cluster.name}/consumer-groups/{group}/").status_code == 200
    assert as_viewer.get(f"/api/v1/clusters/{cluster.name}/consumer-groups/{group}/").status_code == 200


def test_a_viewer_cannot_reset_offsets_in_the_page_or_the_api(cluster, as_viewer, unique_name):
    topic, group = an_empty_group(unique_name)

    page = as_viewer.post(f"/clusters/{cluster.name}/consumer-groups/{group}/reset-offsets/",
                          {"topic": topic, "to": "earliest", "confirm": "apply"})
    api = as_viewer.post(f"/api/v1/clusters/{cluster.name}/consumer-groups/{group}/reset-offsets/",
                         {"topic": topic, "to": "earliest", "dry_run": False}, content_type="application/json")
    detail = as_viewer.get(f"/clusters/{cluster.name}/consumer-groups/{group}/").content.decode()

    assert page.status_code == 403
    assert api.status_code == 403 and api.json() == {"error": "PermissionDenied",
                                                     "detail": "This needs the operator role."}
    assert "Reset offsets" not in detail
    assert kafka_describe(group)[(topic, 0)][0] == 2


def test_an_operator_cannot_delete_a_group_in_the_page_or_the_api(cluster, as_operator, unique_name):
    topic, group = an_empty_group(unique_name)

    page = as_operator.post(f"/clusters/{cluster.name}/consumer-groups/{group}/delete/")
    api = as_operator.delete(f"/api/v1/clusters/{cluster.name}/consumer-groups/{group}/")
    detail = as_operator.get(f"/clusters/{cluster.name}/consumer-groups/{group}/").content.decode()

    assert page.status_code == 403
    assert api.status_code == 403 and api.json()["detail"] == "This needs the admin role."
    assert "Reset offsets" in detail and "Delete group" not in detail
    assert (topic, 0) in kafka_describe(group)


def test_an_admin_deletes_an_empty_group_and_it_is_audited(cluster, as_admin, as_viewer, unique_name):
    topic, group = an_empty_group(unique_name)

    response = as_admin.delete(f"/api/v1/clusters/{cluster.name}/consumer-groups/{group}/")

    assert response.status_code == 204
    listed = {g["group_id"] for g in as_viewer.get(f"/api/v1/clusters/{cluster.name}/consumer-groups/").json()}
    assert group not in listed
    assert AuditEntry.objects.get(action="delete_consumer_group", target=group).result == "ok"


def test_an_admin_deletes_an_empty_group_from_its_page(cluster, as_admin, unique_name):
    topic, group = an_empty_group(unique_name)

    confirm = as_admin.get(f"/clusters/{cluster.name}/consumer-groups/{group}/delete/")
    deleted = as_admin.post(f"/clusters/{cluster.name}/consumer-groups/{group}/delete/")

    assert confirm.status_code == 200 and "Yes, delete the group" in confirm.content.decode()
    assert deleted.status_code == 302 and deleted["Location"] == f"/clusters/{cluster.name}/consumer-groups/"
    assert as_admin.get(f"/api/v1/clusters/{cluster.name}/consumer-groups/{group}/").status_code == 404


def test_a_group_with_active_members_is_not_deleted(cluster, as_admin, unique_name):
    topic, group = an_empty_group(unique_name)
    consumer = join(group, topic)
    try:
        api = as_admin.delete(f"/api/v1/clusters/{cluster.name}/consumer-groups/{group}/")
        page = as_admin.post(f"/clusters/{cluster.name}/consumer-groups/{group}/delete/")
        detail = as_admin.get(f"/clusters/{cluster.name}/consumer-groups/{group}/").content.decode()
    finally:
        consumer.close()

    assert api.status_code == 409 and "active member" in api.json()["detail"]
    assert page.status_code == 409 and "active member" in page.content.decode()
    assert "Delete group" not in detail and "stop the consumers first" in detail
    assert (topic, 0) in kafka_describe(group)
    assert AuditEntry.objects.filter(action="delete_consumer_group", target=group, result="failed").count() == 2


def test_forms_that_change_groups_are_csrf_protected(cluster, personas, unique_name):
    topic, group = an_empty_group(unique_name)
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["admin"])

    reset = client.post(f"/clusters/{cluster.name}/consumer-groups/{group}/reset-offsets/",
                        {"topic": topic, "to": "earliest", "confirm": "apply"})
    delete = client.post(f"/clusters/{cluster.name}/consumer-groups/{group}/delete/")

    assert reset.status_code == 403 and delete.status_code == 403
    assert kafka_describe(group)[(topic, 0)][0] == 2
