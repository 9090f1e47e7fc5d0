"""With the Connect worker stopped or hung, Connect's pages and API answer "cannot reach Connect at <url>" (503)
within the call's deadline, and every other part of Strom works as before; once the worker is back, the same
pages answer again without restarting Strom."""
import os
import signal
from pathlib import Path

from tests.connect_helpers import CONNECT, start_worker, stop_worker, wait_for


def worker_pid():
    data = Path(os.environ.get("STROM_CONNECT_DATA", CONNECT / "data"))
    return int((data / "connect.pid").read_text())


def test_a_stopped_worker_answers_503_naming_its_url_and_the_pages_recover_when_it_is_back(
        as_viewer, connect, cluster):
    connectors = f"/api/v1/connect/{connect.name}/connectors/"
    assert as_viewer.get(connectors).status_code == 200
    stop_worker()
    try:
        for path in (connectors, f"/api/v1/connect/{connect.name}/plugins/",
                     f"/api/v1/connect/{connect.name}/connectors/anything/"):
            response = as_viewer.get(path)
            assert response.status_code == 503, (path, response.content)
            assert response.json()["detail"].startswith(f"Cannot reach Connect at {connect.url}")
        page = as_viewer.get(f"/connect/{connect.name}/")
        assert page.status_code == 503
        assert f"Cannot reach Connect at {connect.url}" in page.content.decode()
        listing = as_viewer.get("/connect/")
        assert listing.status_code == 200 and "Cannot reach Connect" in listing.content.decode()
        [local] = [c for c in as_viewer.get("/api/v1/connect/").json() if c["name"] == connect.name]
        assert (local["reachable"], local["version"]) == (False, None)

        # The rest of Strom does not depend on Connect.
        assert as_viewer.get(f"/api/v1/clusters/{cluster.name}/topics/").status_code == 200
        assert as_viewer.get(f"/clusters/{cluster.name}/consumer-groups/").status_code == 200
    finally:
        start_worker()
    wait_for(lambda: as_viewer.get(connectors).status_code == 200, timeout=60, what="Connect's pages answering again")
    assert as_viewer.get(f"/connect/{connect.name}/").status_code == 200


def test_a_hung_worker_answers_503_once_the_calls_deadline_passes(as_viewer, connect, settings):
    settings.CONNECT_TIMEOUT_S = 1
    pid = worker_pid()
    os.kill(pid, signal.SIGSTOP)
    try:
        response = as_viewer.get(f"/api/v1/connect/{connect.name}/connectors/")
    finally:
        os.kill(pid, signal.SIGCONT)
    assert response.status_code == 503
    assert response.json()["detail"] == f"Cannot reach Connect at {connect.url}: timed out."
    wait_for(lambda: as_viewer.get(f"/api/v1/connect/{connect.name}/connectors/").status_code == 200, timeout=30,
             what="the worker answering after SIGCONT")
