"""The brokers API and page show what Kafka's own tools print at the same moment: kafka-broker-api-versions
(each broker's endpoint), kafka-metadata-quorum describe --status / --replication (the quorum), and kafka-configs
--entity-type brokers --describe --all (a broker's configs).

The metadata log grows all the time (the controller appends a record every half second), so offsets are read
from Strom before and after the tool runs: the tool's figure lies between the two."""
import re

from tests.conftest import BOOTSTRAP, run_tool
from topics_app.services.topic_configs import SOURCES

ENDPOINT = re.compile(r"^(\S+):(\d+) \(id: (\d+) rack: (\S+) isFenced: (\w+)\) ->", re.MULTILINE)


def status_fields(text):
    return dict(re.findall(r"^(\w+):\s+(.*)$", text, re.MULTILINE))


def replication_rows(text):
    """{node id: (log end offset, status)} from describe --replication's table."""
    rows = {}
    for line in text.splitlines()[1:]:
        cells = line.split()
        if cells:
            rows[int(cells[0])] = (int(cells[2]), cells[-1])
    return rows


def tool_configs(text):
    """{name: (value or None, sensitive, first synonym's source or None)} from kafka-configs --describe --all."""
    found = {}
    for line in text.splitlines()[1:]:
        line = line.strip()
        if not line:
            continue
        name, rest = line.split("=", 1)
        value, _, tail = rest.rpartition(" sensitive=")
        sensitive, _, synonyms = tail.partition(" synonyms=")
        first = re.match(r"\{(\w+):", synonyms)
        found[name] = (None if value == "null" else value, sensitive == "true", first[1] if first else None)
    return found


def test_each_broker_is_listed_with_the_endpoint_kafka_reports(as_viewer, cluster):
    shown = as_viewer.get(f"/api/v1/clusters/{cluster.name}/brokers/").json()
    printed = ENDPOINT.findall(run_tool("kafka-broker-api-versions", "--bootstrap-server", BOOTSTRAP))

    assert {(b["host"], b["port"], b["id"], b["rack"]) for b in shown} == {
        (host, int(port), int(node), None if rack == "null" else rack) for host, port, node, rack, _ in printed}
    assert all(b["up"] for b in shown)
    assert all(b["log_dirs"] and b["log_dirs"][0]["total_bytes"] > 0 for b in shown)


def test_the_quorum_and_the_controller_are_those_kafka_metadata_quorum_prints(as_viewer, cluster):
    before = as_viewer.get(f"/api/v1/clusters/{cluster.name}/quorum/").json()
    status = status_fields(run_tool("kafka-metadata-quorum", "--bootstrap-server", BOOTSTRAP, "describe", "--status"))
    replication = replication_rows(
        run_tool("kafka-metadata-quorum", "--bootstrap-server", BOOTSTRAP, "describe", "--replication"))
    after = as_viewer.get(f"/api/v1/clusters/{cluster.name}/quorum/").json()
    brokers = as_viewer.get(f"/api/v1/clusters/{cluster.name}/brokers/").json()

    assert before["leader_id"] == after["leader_id"] == int(status["LeaderId"])
    assert before["epoch"] == after["epoch"] == int(status["LeaderEpoch"])
    assert before["high_watermark"] <= int(status["HighWatermark"]) <= after["high_watermark"]
    voter_ids = [v["id"] for v in after["voters"]]
    assert voter_ids == sorted(int(node) for node in re.findall(r'"id": (\d+)', status["CurrentVoters"]))
    assert set(replication) == set(voter_ids) | {o["id"] for o in after["observers"]}
    for voter_before, voter_after in zip(before["voters"], after["voters"]):
        log_end, role = replication[voter_after["id"]]
        assert voter_before["log_end_offset"] <= log_end <= voter_after["log_end_offset"]
        assert role == ("Leader" if voter_after["id"] == after["leader_id"] else "Follower")
    leader_end = next(v["log_end_offset"] for v in after["voters"] if v["id"] == after["leader_id"])
    assert all(v["lag"] == leader_end - v["log_end_offset"] for v in after["voters"])
    assert [b["id"] for b in brokers if b["is_controller"]] == [after["leader_id"]]
    assert {b["id"] for b in brokers if b["voter"]} == set(voter_ids)


def test_a_brokers_configs_are_those_kafka_configs_describes(as_viewer, cluster):
    before = as_viewer.get(f"/api/v1/clusters/{cluster.name}/brokers/1/").json()
    printed = tool_configs(run_tool("kafka-configs", "--bootstrap-server", BOOTSTRAP, "--entity-type", "brokers",
                                    "--entity-name", "1", "--describe", "--all"))
    after = as_viewer.get(f"/api/v1/clusters/{cluster.name}/brokers/1/").json()

    shown = {c["name"]: c for c in after["configs"]}
    assert set(shown) == set(printed)
    earlier = {c["name"]: c for c in before["configs"]}
    unchanged = [name for name, c in shown.items() if earlier.get(name) == c]
    # A config another test changed while the tool ran is left out; the rest must match exactly.
    assert len(unchanged) > len(shown) - 5
    for name in unchanged:
        value, sensitive, first_source = printed[name]
        assert shown[name]["sensitive"] == sensitive, name
        assert shown[name]["value"] == value, name
        if first_source:
            assert shown[name]["source"] == SOURCES[first_source], name
    assert all(c["value"] is None for c in shown.values() if c["sensitive"])
    assert all(c["dynamic"] != c["read_only"] for c in shown.values())
    assert shown["node.id"]["value"] == "1" and shown["node.id"]["read_only"]


def test_the_brokers_page_shows_each_broker_and_the_quorum(as_viewer, cluster):
    page = as_viewer.get(f"/clusters/{cluster.name}/brokers/").content.decode()
    quorum = as_viewer.get(f"/api/v1/clusters/{cluster.name}/quorum/").json()

    for broker in as_viewer.get(f"/api/v1/clusters/{cluster.name}/brokers/").json():
        assert f'data-broker="{broker["id"]}"' in page
        assert f'{broker["host"]}:{broker["port"]}' in page
    assert f'<td id="quorum-leader">{quorum["leader_id"]}</td>' in page
    assert f'<td id="quorum-epoch">{quorum["epoch"]}</td>' in page
    assert "active controller" in page
