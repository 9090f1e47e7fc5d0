"""kill -9 of the node that is the active controller (the leader of the KRaft quorum): while the two others elect
a new one, the cluster overview keeps answering 200, and then names the new active controller, as
kafka-metadata-quorum does. (A broker passes a quorum description on to the active controller; during the
election that waited past Strom's request timeout, and the overview answered 503.) The cluster is the test's
own; the shared one is never stopped."""
import re
import time

from tests.conftest import run_tool
from tests.failover_helpers import bootstrap_first, own_three_nodes, wait_until
from topics_app.models import Cluster

own = own_three_nodes("failover-controller")


def quorum_leader(bootstrap):
    out = run_tool("kafka-metadata-quorum", "--bootstrap-server", bootstrap, "describe", "--status")
    return int(re.search(r"LeaderId:\s+(-?\d+)", out)[1])


def test_the_overview_answers_while_a_new_active_controller_is_elected_and_then_names_it(own, db, as_viewer):
    victim = quorum_leader(own.bootstrap)
    row = Cluster.objects.create(name="own-controller", bootstrap_servers=bootstrap_first(own, victim))
    path = f"/api/v1/clusters/{row.name}/"
    assert as_viewer.get(path).json()["controller_id"] == victim

    own.node(victim).kill()
    survivors = ",".join(node.bootstrap for node_id, node in own.nodes.items() if node_id != victim)
    statuses = []

    def named_anew():
        response = as_viewer.get(path)
        statuses.append(response.status_code)
        return response.status_code == 200 and response.json()["controller_id"] not in (victim, -1)

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:  # through the election and a while after it
        named_anew()
    wait_until(named_anew, 30, "the overview to name a new active controller")

    assert set(statuses) == {200}, statuses
    assert as_viewer.get(path).json()["controller_id"] == quorum_leader(survivors)
