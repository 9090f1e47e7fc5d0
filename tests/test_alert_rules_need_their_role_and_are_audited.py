"""Admins create, change and delete alert rules (a webhook URL is a request Strom makes), operators silence them,
viewers read; every change is in the audit log, refused ones too."""
from django.test import Client

from alerts_app.models import AlertRule
from tests.alert_helpers import post_rule, rule_request
from topics_app.models import AuditEntry


def test_a_viewer_reads_rules_but_an_operator_cannot_create_one(as_admin, as_operator, as_viewer, cluster,
                                                                 unique_name):
    name = unique_name("rule")
    assert post_rule(as_operator, rule_request(cluster, name)).status_code == 403
    assert post_rule(as_viewer, rule_request(cluster, name)).status_code == 403
    assert not AlertRule.objects.filter(name=name).exists()
    assert as_operator.get("/alerts/rules/+new/").status_code == 403

    created = post_rule(as_admin, rule_request(cluster, name, channels=[
        {"type": "webhook", "url": "http://127.0.0.1:9/hook"}, {"type": "email", "to": "ops@example.com"}]))
    assert created.status_code == 201, created.content
    listed = as_viewer.get("/api/v1/alerts/rules/").json()
    assert [r["name"] for r in listed if r["name"] == name] == [name]
    assert as_viewer.get("/api/v1/alerts/").status_code == 200
    page = as_viewer.get(f"/alerts/rules/{created.json()['id']}/")
    assert page.status_code == 200 and name in page.content.decode()
    assert as_viewer.get(f"/alerts/rules/{created.json()['id']}/silence/").status_code == 403
    entry = AuditEntry.objects.get(action="create_alert_rule", target=name)
    assert (entry.username, entry.result, entry.cluster) == ("admin-persona", "ok", cluster.name)
    assert "127.0.0.1:9" not in str(entry.details)  # a webhook URL is often its own secret


def test_an_operator_silences_a_rule_but_cannot_delete_it(as_admin, as_operator, as_viewer, cluster, unique_name):
    rule_id = post_rule(as_admin, rule_request(cluster, unique_name("rule"))).json()["id"]
    assert as_viewer.post(f"/api/v1/alerts/rules/{rule_id}/silence/", {"until": "2099-01-01T00:00:00Z"},
                          content_type="application/json").status_code == 403
    silenced = as_operator.post(f"/api/v1/alerts/rules/{rule_id}/silence/", {"until": "2099-01-01T00:00:00Z"},
                                content_type="application/json")
    assert silenced.status_code == 200, silenced.content
    assert silenced.json()["silenced_until"].startswith("2099-01-01")
    assert AuditEntry.objects.filter(action="silence_alert_rule", username="operator-persona", result="ok").exists()

    assert as_operator.delete(f"/api/v1/alerts/rules/{rule_id}/").status_code == 403
    assert as_operator.post(f"/alerts/rules/{rule_id}/delete/", {"confirm": "on"}).status_code == 403
    assert AlertRule.objects.filter(pk=rule_id).exists()
    assert as_admin.delete(f"/api/v1/alerts/rules/{rule_id}/").status_code == 204
    assert not AlertRule.objects.filter(pk=rule_id).exists()
    assert AuditEntry.objects.filter(action="delete_alert_rule", username="admin-persona", result="ok").exists()


def test_forms_refuse_a_post_without_a_csrf_token(personas, cluster, unique_name):
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(personas["admin"])
    response = checked.post("/alerts/rules/+new/", {"name": unique_name("rule"), "kind": "group_lag",
                                                    "cluster": cluster.name, "threshold": "1", "for_s": "0"})
    assert response.status_code == 403
    assert not AlertRule.objects.exists()


def test_an_admin_edits_a_rule_with_the_form_and_the_change_is_audited(as_admin, as_operator, cluster, unique_name):
    rule_id = post_rule(as_admin, rule_request(cluster, unique_name("rule"))).json()["id"]
    form = {"name": unique_name("renamed"), "kind": "group_time_lag", "cluster": cluster.name, "target": "orders-*",
            "pattern_type": "glob", "threshold": "90", "for_s": "120", "renotify_s": "3600",
            "email_to": "ops@example.com"}
    assert as_operator.post(f"/alerts/rules/{rule_id}/edit/", form).status_code == 403

    response = as_admin.post(f"/alerts/rules/{rule_id}/edit/", form)

    assert response.status_code == 302
    rule = AlertRule.objects.get(pk=rule_id)
    assert (rule.name, rule.kind, rule.target, rule.threshold, rule.for_s, rule.renotify_s, rule.channels) == (
        form["name"], "group_time_lag", "orders-*", 90, 120, 3600, [{"type": "email", "to": "ops@example.com"}])
    entry = AuditEntry.objects.get(action="change_alert_rule", target=form["name"])
    assert (entry.username, entry.result) == ("admin-persona", "ok")


def test_a_rule_added_in_the_django_admin_is_audited(as_admin, cluster, unique_name):
    name = unique_name("admin-rule")
    response = as_admin.post("/admin/alerts_app/alertrule/add/", {
        "name": name, "kind": "broker_down", "cluster": cluster.pk, "target": "*", "pattern_type": "glob",
        "threshold": "0", "for_s": "60", "channels": '[{"type": "webhook", "url": "https://hooks.example.com/x"}]'})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert AlertRule.objects.get(name=name).channels == [{"type": "webhook", "url": "https://hooks.example.com/x"}]
    assert AuditEntry.objects.filter(action="add_alertrule", target=name, username="admin-persona").exists()


def test_only_an_admin_sees_a_webhooks_whole_url_others_see_its_host(as_admin, as_operator, as_viewer, cluster,
                                                                      unique_name):
    """A Slack-style webhook URL is all it takes to post to the channel: a secret, which viewers may not read."""
    secret = "https://hooks.example.com/services/T000/B000/token-part"
    rule_id = post_rule(as_admin, rule_request(cluster, unique_name("rule"), channels=[
        {"type": "webhook", "url": secret}, {"type": "email", "to": "ops@example.com"}])).json()["id"]
    masked = [{"type": "webhook", "url": "https://hooks.example.com/…"}, {"type": "email", "to": "ops@example.com"}]

    for client in (as_viewer, as_operator):
        assert client.get(f"/api/v1/alerts/rules/{rule_id}/").json()["channels"] == masked
        [listed] = [r for r in client.get("/api/v1/alerts/rules/").json() if r["id"] == rule_id]
        assert listed["channels"] == masked
        page = client.get(f"/alerts/rules/{rule_id}/").content.decode()
        assert "token-part" not in page and "webhook https://hooks.example.com/…" in page
    assert as_admin.get(f"/api/v1/alerts/rules/{rule_id}/").json()["channels"][0]["url"] == secret
    assert secret in as_admin.get(f"/alerts/rules/{rule_id}/").content.decode()
