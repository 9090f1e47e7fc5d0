"""A Connect worker about to rebalance refuses calls it answers a moment later (500 "a rebalance is expected",
or 409 while one runs): Strom asks again a few times. Any other refusal is passed on at once, asked once.
The answers are Connect's own, served from a local HTTP server so the refusal comes when the test wants it."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

from connect_app.connect_rest import REBALANCE_EXPECTED, REBALANCE_RETRIES, ConnectRest
from connect_app.errors import ConnectFailed
from topics_app.errors import AlreadyExists, Conflict


@pytest.fixture
def connect_answering():
    """A server answering each request with the next (status, message) of a script, then 200 {"ok": true}."""
    script, calls = [], []

    class Answers(BaseHTTPRequestHandler):
        def do_PUT(self):
            calls.append(self.rfile.read(int(self.headers["Content-Length"])))
            status, message = script.pop(0) if script else (200, None)
            body = json.dumps({"ok": True} if message is None else {"error_code": status, "message": message})
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    connect = SimpleNamespace(base_url=f"http://127.0.0.1:{server.server_port}", username="", password="",
                              ca_certificate="")

    def answering(*answers):
        script.extend(answers)
        return ConnectRest(connect), calls

    yield answering
    server.shutdown()
    server.server_close()


def test_a_rebalance_expected_twice_is_asked_again_and_the_third_answer_is_returned(connect_answering):
    rest, calls = connect_answering((500, REBALANCE_EXPECTED), (409, "Cannot complete request momentarily due to "
                                                                     "stalled rebalance"))
    assert rest.put("/connectors/c/config", {"file": "a"}) == {"ok": True}
    assert calls == [b'{"file": "a"}'] * 3


def test_a_rebalance_that_does_not_end_is_reported_in_connects_words(connect_answering):
    rest, calls = connect_answering(*[(500, REBALANCE_EXPECTED)] * (REBALANCE_RETRIES + 1))
    with pytest.raises(ConnectFailed, match="rebalance is expected"):
        rest.put("/connectors/c/config", {})
    assert len(calls) == REBALANCE_RETRIES + 1


@pytest.mark.parametrize("status, message, error", [
    (500, "Connector configuration is invalid", ConnectFailed),
    (409, "Connector c already exists", AlreadyExists),
])
def test_any_other_refusal_is_passed_on_after_one_call(connect_answering, status, message, error):
    rest, calls = connect_answering((status, message))
    with pytest.raises(error, match=message):
        rest.put("/connectors/c/config", {})
    assert len(calls) == 1


def test_a_409_that_is_not_already_exists_is_a_conflict_once_the_retries_are_spent(connect_answering):
    rest, calls = connect_answering(*[(409, "rebalance in progress")] * (REBALANCE_RETRIES + 1))
    with pytest.raises(Conflict):
        rest.put("/connectors/c/config", {})
    assert len(calls) == REBALANCE_RETRIES + 1
