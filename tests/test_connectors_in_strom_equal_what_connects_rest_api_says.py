"""What Strom shows of connectors (list, detail, tasks, config, offsets, plugins) equals what Connect's own REST
API answers at the same moment, for connectors running, paused and stopped."""
from tests.connect_helpers import SINK, SOURCE, connect_get, connect_rest, wait_for, wait_for_states
from tests.topics import create_topic


def test_the_list_the_details_and_the_plugins_equal_connects_own_answers(
        as_admin, as_viewer, connect, connector_names, unique_name, tmp_path):
    topic = create_topic(unique_name("truth"), partitions=1)
    (tmp_path / "in.txt").write_text("".join(f"line {i}\n" for i in range(25)))
    running, paused, stopped = connector_names("running"), connector_names("paused"), connector_names("stopped")
    for name, config in [
        (running, {"connector.class": SOURCE, "file": str(tmp_path / "in.txt"), "topic": topic}),
        (paused, {"connector.class": SINK, "file": str(tmp_path / "out.txt"), "topics": topic, "tasks.max": "1"}),
        (stopped, {"connector.class": SOURCE, "file": str(tmp_path / "in.txt"), "topic": topic, "batch.size": "7"}),
    ]:
        assert connect_rest("POST", "/connectors", {"name": name, "config": config})[0] == 201
    for name in (running, paused, stopped):
        wait_for_states(name, "RUNNING", ["RUNNING"])
    wait_for(lambda: connect_get(f"/connectors/{running}/offsets")["offsets"], what="the source's first offset")
    wait_for(lambda: connect_get(f"/connectors/{running}/offsets")["offsets"][0]["offset"]["position"] > 0
             and connect_get(f"/connectors/{stopped}/offsets")["offsets"], what="both sources' offsets")
    # Connect records a topic as used a moment after a task's first record, in its status topic.
    wait_for(lambda: connect_get(f"/connectors/{running}/topics")[running]["topics"], what="the source's topic")
    connect_rest("PUT", f"/connectors/{paused}/pause")
    connect_rest("PUT", f"/connectors/{stopped}/stop")
    wait_for_states(paused, "PAUSED", ["PAUSED"])
    wait_for_states(stopped, "STOPPED", [])

    strom = {c["name"]: c for c in as_viewer.get(f"/api/v1/connect/{connect.name}/connectors/").json()}
    connect_says = connect_get("/connectors?expand=status&expand=info")
    for name in (running, paused, stopped):
        status, info = connect_says[name]["status"], connect_says[name]["info"]
        assert strom[name] == {
            "name": name, "type": status["type"], "class": info["config"]["connector.class"],
            "state": status["connector"]["state"],
            "tasks": [{"id": t["id"], "state": t["state"], "worker_id": t["worker_id"]} for t in status["tasks"]],
            "topics": connect_get(f"/connectors/{name}/topics")[name]["topics"],
        }
    assert strom[running]["topics"] == [topic]

    for name in (running, paused, stopped):
        detail = as_viewer.get(f"/api/v1/connect/{connect.name}/connectors/{name}/").json()
        status = connect_get(f"/connectors/{name}/status")
        assert detail["config"] == connect_get(f"/connectors/{name}/config")
        assert detail["offsets"] == connect_get(f"/connectors/{name}/offsets")["offsets"]
        assert (detail["state"], detail["worker_id"]) == (status["connector"]["state"],
                                                          status["connector"]["worker_id"])
        assert [(t["id"], t["state"], t["worker_id"]) for t in detail["tasks"]] == [
            (t["id"], t["state"], t["worker_id"]) for t in status["tasks"]]

    by_state = as_viewer.get(f"/api/v1/connect/{connect.name}/connectors/?state=PAUSED").json()
    assert paused in [c["name"] for c in by_state] and all(c["state"] == "PAUSED" for c in by_state)

    plugins = as_viewer.get(f"/api/v1/connect/{connect.name}/plugins/").json()
    assert sorted((p["class"], p["type"], p["version"]) for p in plugins) == sorted(
        (p["class"], p["type"], p["version"]) for p in connect_get("/connector-plugins?connectorsOnly=false"))

    [local] = [c for c in as_viewer.get("/api/v1/connect/").json() if c["name"] == connect.name]
    assert (local["reachable"], local["version"]) == (True, connect_get("/")["version"])
