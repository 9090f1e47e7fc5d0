"""A connector whose task fails shows the task FAILED with Connect's stack trace, on the page and in the API;
once the cause is gone, restarting the task from Strom brings it to RUNNING.

Connect's FileStreamSource waits for a missing input file (its task stays RUNNING and logs a warning), so the
failing connector here is a FileStreamSink whose output folder does not exist: its task fails at start."""
from tests.connect_helpers import SINK, connect_get, wait_for_states
from tests.topics import create_topic


def test_a_sink_into_a_missing_folder_fails_with_its_trace_and_a_task_restart_revives_it(
        as_admin, as_operator, as_viewer, connect, connector_names, unique_name, tmp_path):
    topic = create_topic(unique_name("sink-in"), partitions=1)
    folder = tmp_path / "not-yet"
    name = connector_names("failing-sink")
    created = as_admin.post(f"/api/v1/connect/{connect.name}/connectors/",
                            {"name": name, "config": {"connector.class": SINK, "topics": topic,
                                                      "file": str(folder / "out.txt")}},
                            content_type="application/json")
    assert created.status_code == 201, created.content
    wait_for_states(name, "RUNNING", ["FAILED"])

    detail = as_viewer.get(f"/api/v1/connect/{connect.name}/connectors/{name}/").json()
    [task] = detail["tasks"]
    assert task["state"] == "FAILED"
    assert task["trace"] == connect_get(f"/connectors/{name}/status")["tasks"][0]["trace"]
    assert "Couldn't find or create file" in task["trace"] and "NoSuchFileException" in task["trace"]

    listed = {c["name"]: c for c in as_viewer.get(f"/api/v1/connect/{connect.name}/connectors/?state=RUNNING").json()}
    assert listed[name]["tasks"] == [{"id": 0, "state": "FAILED", "worker_id": task["worker_id"]}]

    page = as_viewer.get(f"/connect/{connect.name}/connectors/{name}/").content.decode()
    assert "Couldn&#x27;t find or create file" in page and "FAILED" in page

    folder.mkdir()
    restarted = as_operator.post(f"/connect/{connect.name}/connectors/{name}/tasks/0/restart/")
    assert restarted.status_code == 302
    wait_for_states(name, "RUNNING", ["RUNNING"])
    after = as_viewer.get(f"/api/v1/connect/{connect.name}/connectors/{name}/").json()
    assert [(t["state"], t["trace"]) for t in after["tasks"]] == [("RUNNING", "")]
    assert (folder / "out.txt").exists()
