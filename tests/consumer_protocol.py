"""Groups of the new consumer protocol (KIP-848) made by Kafka's own console consumer, and what Kafka's own
kafka-consumer-groups says about them, for the tests of such groups."""
import signal
import subprocess
import time

from tests.conftest import BOOTSTRAP, KAFKA_BIN, run_tool


class ConsoleConsumer:
    """kafka-console-consumer in group `group` with group.protocol=consumer, reading `topic` from the beginning.
    Its output is thrown away: the tests look at the group, not at the records."""

    def __init__(self, topic, group, client_id):
        self.client_id = client_id
        self.process = subprocess.Popen(
            [str(KAFKA_BIN / "kafka-console-consumer"), "--bootstrap-server", BOOTSTRAP, "--topic", topic,
             "--group", group, "--from-beginning", "--consumer-property", "group.protocol=consumer",
             "--consumer-property", f"client.id={client_id}", "--consumer-property", "auto.commit.interval.ms=500"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def stop(self):
        """SIGTERM, as Ctrl-C would: the consumer commits, leaves the group and exits."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _rows(out):
    """The table kafka-consumer-groups prints, as dicts keyed by its header (columns split on spaces)."""
    lines = [line for line in out.splitlines() if line.strip()]
    header = next((i for i, line in enumerate(lines) if line.startswith("GROUP ")), None)
    if header is None:
        return []
    names = lines[header].split()
    return [dict(zip(names, line.split())) for line in lines[header + 1:] if len(line.split()) == len(names)]


def _assignment(text):
    """'t:0,1;u:2' → {(t, 0), (t, 1), (u, 2)}; '-' (nothing) → set()."""
    found = set()
    for part in filter(None, text.split(";")):
        if part == "-":
            continue
        topic, partitions = part.rsplit(":", 1)
        found |= {(topic, int(p)) for p in partitions.split(",") if p}
    return found


def members_by_tool(group):
    """{member id: {host, client_id, partitions, member_epoch, assigned, target_epoch, target}} as
    `kafka-consumer-groups --describe --members --verbose` prints them."""
    out = run_tool("kafka-consumer-groups", "--bootstrap-server", BOOTSTRAP, "--describe", "--group", group,
                   "--members", "--verbose")
    return {row["CONSUMER-ID"]: {
        "host": row["HOST"].lstrip("/"), "client_id": row["CLIENT-ID"], "partitions": int(row["#PARTITIONS"]),
        "member_epoch": int(row["CURRENT-EPOCH"]), "assigned": _assignment(row["CURRENT-ASSIGNMENT"]),
        "target_epoch": int(row["TARGET-EPOCH"]), "target": _assignment(row["TARGET-ASSIGNMENT"]),
    } for row in _rows(out)}


def state_by_tool(group):
    """{state, group_epoch, assignment_epoch, members} as `kafka-consumer-groups --describe --state --verbose`
    prints them (the coordinator column holds a space, so the last four columns are read from the end)."""
    out = run_tool("kafka-consumer-groups", "--bootstrap-server", BOOTSTRAP, "--describe", "--group", group,
                   "--state", "--verbose")
    row = next(line.split() for line in out.splitlines() if line.startswith(f"{group} "))
    state, group_epoch, assignment_epoch, members = row[-4:]
    return {"state": state, "group_epoch": int(group_epoch), "assignment_epoch": int(assignment_epoch),
            "members": int(members)}


def type_by_tool(group):
    """The group's type as `kafka-groups --list` prints it, lower-cased (classic, consumer, share, streams)."""
    out = run_tool("kafka-groups", "--bootstrap-server", BOOTSTRAP, "--list")
    return next(line.split()[1].lower() for line in out.splitlines() if line.split()[:1] == [group])


def settled(client, cluster, group, members, timeout_s=90):
    """Strom's API answer on the group once it is Stable with `members` members, each holding its whole target
    assignment and at least one partition (asked of Strom, whose JVM-free answer is quick: the test then compares
    it with Kafka's tool); AssertionError if it never gets there."""
    deadline = time.monotonic() + timeout_s
    while True:
        detail = client.get(f"/api/v1/clusters/{cluster.name}/consumer-groups/{group}/?time_lag=false")
        found = detail.json() if detail.status_code == 200 else {}
        if found.get("state") == "Stable" and len(found["members"]) == members and all(
                m["assigned"] and m["assigned"] == m["target_assigned"] for m in found["members"]):
            return found
        assert time.monotonic() < deadline, f"group {group} never settled: {found}"
        time.sleep(0.5)
