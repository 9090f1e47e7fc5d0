"""Bad alert rules are refused naming the field, from the API, the form and the Django admin; nothing is saved."""
import pytest

from alerts_app.models import AlertRule
from tests.alert_helpers import post_rule, rule_request


@pytest.mark.parametrize("fields, field, words", [
    ({"threshold": "lots"}, "threshold", "must be a number"),
    ({"threshold": None}, "threshold", "required"),
    ({"target": "orders-(", "pattern_type": "regex"}, "target", "does not compile"),
    ({"channels": [{"type": "webhook", "url": "ftp://example.com/hook"}]}, "channels", "http:// or https://"),
    ({"channels": [{"type": "webhook", "url": "file:///etc/passwd"}]}, "channels", "http:// or https://"),
    ({"channels": [{"type": "email", "to": "not-an-address"}]}, "channels", "is not an e-mail address"),
    ({"channels": [{"type": "pigeon"}]}, "channels", "webhook or email"),
    ({"for_s": -5}, "for_s", "whole number"),
    ({"kind": "lag_feelings"}, "kind", "kind"),
    ({"cluster": "no-such-cluster"}, "cluster", "No cluster"),
])
def test_the_api_refuses_a_bad_rule_naming_the_field(as_admin, cluster, unique_name, fields, field, words):
    name = unique_name("rule")
    response = post_rule(as_admin, rule_request(cluster, name, **fields))
    assert response.status_code == 400, response.content
    body = response.json()
    assert body.get("field", field) == field
    assert field in (body.get("fields") or body["detail"]), body
    assert words in str(body), body
    assert not AlertRule.objects.filter(name=name).exists()


def test_the_form_refuses_a_threshold_that_is_not_a_number_and_a_pattern_that_does_not_compile(as_admin, cluster):
    response = as_admin.post("/alerts/rules/+new/", {
        "name": "bad-form-rule", "kind": "group_lag", "cluster": cluster.name, "target": "(", "pattern_type": "regex",
        "threshold": "ten", "for_s": "0", "webhook_url": "gopher://x", "email_to": "nobody"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "must be a number" in str(errors["threshold"])
    assert not AlertRule.objects.filter(name="bad-form-rule").exists()
    response = as_admin.post("/alerts/rules/+new/", {
        "name": "bad-form-rule", "kind": "group_lag", "cluster": cluster.name, "target": "(", "pattern_type": "regex",
        "threshold": "10", "for_s": "0"})
    assert "does not compile" in str(response.context["form"].errors["target"])
    response = as_admin.post("/alerts/rules/+new/", {
        "name": "bad-form-rule", "kind": "group_lag", "cluster": cluster.name, "target": "*", "pattern_type": "glob",
        "threshold": "10", "for_s": "0", "webhook_url": "gopher://x", "email_to": "nobody"})
    assert "http:// or https://" in str(response.context["form"].errors["webhook_url"])
    response = as_admin.post("/alerts/rules/+new/", {
        "name": "bad-form-rule", "kind": "group_lag", "cluster": cluster.name, "target": "*", "pattern_type": "glob",
        "threshold": "10", "for_s": "0", "email_to": "nobody"})
    assert "is not an e-mail address" in str(response.context["form"].errors["email_to"])
    assert not AlertRule.objects.filter(name="bad-form-rule").exists()


def test_the_django_admin_refuses_a_webhook_that_is_not_http(as_admin, cluster):
    response = as_admin.post("/admin/alerts_app/alertrule/add/", {
        "name": "bad-admin-rule", "kind": "group_lag", "cluster": cluster.pk, "target": "*", "pattern_type": "glob",
        "threshold": "1", "for_s": "0", "channels": '[{"type": "webhook", "url": "ftp://x/y"}]'})
    assert response.status_code == 200
    assert "http:// or https://" in response.content.decode()
    assert not AlertRule.objects.filter(name="bad-admin-rule").exists()


def test_a_silence_until_that_is_not_a_time_is_refused_naming_until(as_admin, as_operator, cluster, unique_name):
    rule = post_rule(as_admin, rule_request(cluster, unique_name("rule"))).json()
    response = as_operator.post(f"/api/v1/alerts/rules/{rule['id']}/silence/", {"until": "next tuesday"},
                                content_type="application/json")
    assert response.status_code == 400
    assert response.json()["field"] == "until"
    assert AlertRule.objects.get(pk=rule["id"]).silenced_until is None
