"""The transactions page, its API, a topic's producers and an abort answer 503 with a clear message, within Strom's
bounds, when the cluster cannot be reached."""
from concurrent.futures import ThreadPoolExecutor

from tests.test_unreachable_cluster import ANSWER_BOUND_S, dead_cluster  # noqa: F401

ABORT = {"topic": "t", "partition": 0, "producer_id": 1, "producer_epoch": 0, "coordinator_epoch": 0}


def test_every_transactions_call_answers_503(dead_cluster, as_viewer, as_admin):  # noqa: F811
    base, api = f"/clusters/{dead_cluster.name}", f"/api/v1/clusters/{dead_cluster.name}"
    unreachable = f"cannot reach cluster nowhere at {dead_cluster.bootstrap_servers}"
    reads = [f"{api}/transactions/", f"{api}/transactions/hanging/", f"{api}/topics/t/producers/",
             f"{base}/transactions/", f"{base}/topics/t/producers/"]

    # At once, each on a thread with its own database connection (the test is transactional), each bounded.
    with ThreadPoolExecutor(max_workers=len(reads) + 1) as pool:
        asked = [pool.submit(as_viewer.get, path) for path in reads]
        asked.append(pool.submit(as_admin.post, f"{api}/transactions/abort/", ABORT, content_type="application/json"))
        answers = [future.result(timeout=ANSWER_BOUND_S) for future in asked]

    for response in answers:
        assert response.status_code == 503 and unreachable in response.content.decode()
    assert all(response.json()["detail"] == unreachable for response in answers[:3] + answers[5:])
