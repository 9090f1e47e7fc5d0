"""Viewers read Connect; operators also pause, resume, stop and restart; admins also create, edit, reset
offsets and delete. The same in the API and the pages, and every change is in the audit log."""
import pytest

from tests.connect_helpers import SOURCE, connect_rest, states, wait_for_states
from topics_app.models import AuditEntry


@pytest.fixture
def running(connect, connector_names, unique_name, tmp_path):
    name = connector_names("roles")
    (tmp_path / "in.txt").write_text("a\nb\n")
    assert connect_rest("POST", "/connectors", {"name": name, "config": {
        "connector.class": SOURCE, "file": str(tmp_path / "in.txt"), "topic": unique_name("roles-t")}})[0] == 201
    wait_for_states(name, "RUNNING", ["RUNNING"])
    return name


def api(connect, name, action=""):
    return f"/api/v1/connect/{connect.name}/connectors/{name}/{action}"


def test_a_viewer_reads_everything_and_changes_nothing(as_viewer, connect, running):
    assert as_viewer.get(f"/api/v1/connect/{connect.name}/connectors/").status_code == 200
    assert as_viewer.get(api(connect, running)).status_code == 200
    assert as_viewer.get(f"/api/v1/connect/{connect.name}/plugins/").status_code == 200
    for action in ("pause/", "resume/", "stop/", "restart/", "tasks/0/restart/"):
        assert as_viewer.post(api(connect, running, action)).status_code == 403, action
    assert as_viewer.delete(api(connect, running)).status_code == 403
    assert as_viewer.post(f"/connect/{connect.name}/connectors/{running}/pause/").status_code == 403
    page = as_viewer.get(f"/connect/{connect.name}/connectors/{running}/").content.decode()
    assert 'value="Pause"' not in page and "Edit the config" not in page
    assert states(running) == ("RUNNING", ["RUNNING"])
    assert not AuditEntry.objects.filter(target=running).exists()


def test_an_operator_pauses_resumes_stops_and_restarts_but_may_not_create_edit_reset_or_delete(
        as_operator, connect, running, connector_names):
    assert as_operator.post(api(connect, running, "pause/")).status_code == 202
    wait_for_states(running, "PAUSED", ["PAUSED"])
    assert as_operator.post(f"/connect/{connect.name}/connectors/{running}/resume/").status_code == 302
    wait_for_states(running, "RUNNING", ["RUNNING"])
    assert as_operator.post(api(connect, running, "restart/"), {"include_tasks": True},
                            content_type="application/json").status_code == 202
    wait_for_states(running, "RUNNING", ["RUNNING"])
    assert as_operator.post(api(connect, running, "stop/")).status_code == 202
    wait_for_states(running, "STOPPED", [])

    assert as_operator.delete(api(connect, running, "offsets/")).status_code == 403
    assert as_operator.delete(api(connect, running)).status_code == 403
    assert as_operator.put(api(connect, running, "config/"), {"config": {"connector.class": SOURCE}},
                           content_type="application/json").status_code == 403
    assert as_operator.post(f"/api/v1/connect/{connect.name}/connectors/",
                            {"name": connector_names("nope"), "config": {"connector.class": SOURCE}},
                            content_type="application/json").status_code == 403
    assert as_operator.get(f"/connect/{connect.name}/connectors/{running}/delete/").status_code == 403
    assert states(running)[0] == "STOPPED"

    audited = list(AuditEntry.objects.filter(target=running).order_by("at").values_list("action", "username",
                                                                                         "result"))
    assert audited == [("pause_connector", "operator-persona", "ok"), ("resume_connector", "operator-persona", "ok"),
                       ("restart_connector", "operator-persona", "ok"), ("stop_connector", "operator-persona", "ok")]


def test_an_admin_edits_resets_offsets_and_deletes_each_audited(as_admin, connect, running, tmp_path):
    new_file = tmp_path / "other.txt"
    new_file.write_text("x\n")
    config = connect_rest("GET", f"/connectors/{running}/config")[1]
    changed = as_admin.put(api(connect, running, "config/"), {"config": {**config, "file": str(new_file)}},
                           content_type="application/json")
    assert changed.status_code == 200, changed.content
    assert connect_rest("GET", f"/connectors/{running}/config")[1]["file"] == str(new_file)

    as_admin.post(api(connect, running, "stop/"))
    wait_for_states(running, "STOPPED", [])
    assert as_admin.delete(api(connect, running, "offsets/")).status_code == 204
    assert connect_rest("GET", f"/connectors/{running}/offsets")[1] == {"offsets": []}

    wrong = as_admin.post(f"/connect/{connect.name}/connectors/{running}/delete/", {"confirm_name": "not it"})
    assert wrong.status_code == 400 and states(running)[0] == "STOPPED"
    deleted = as_admin.post(f"/connect/{connect.name}/connectors/{running}/delete/", {"confirm_name": running})
    assert deleted.status_code == 302
    assert connect_rest("GET", f"/connectors/{running}")[0] == 404

    audited = list(AuditEntry.objects.filter(target=running).order_by("at").values_list("action", "result"))
    assert audited == [("update_connector_config", "ok"), ("stop_connector", "ok"),
                       ("reset_connector_offsets", "ok"), ("delete_connector", "ok")]
    assert AuditEntry.objects.get(target=running, action="update_connector_config").details == {"changed": ["file"]}


def test_a_refused_change_is_audited_as_failed_with_connects_reason(as_admin, connect, running):
    assert as_admin.delete(api(connect, running, "offsets/")).status_code == 400
    entry = AuditEntry.objects.get(target=running, action="reset_connector_offsets")
    assert entry.result == "failed" and "STOPPED state" in entry.error
