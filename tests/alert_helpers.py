"""Real receivers for alert notifications: an HTTP server in a thread, and the API's rule request."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Receiver:
    """A local webhook receiver: records each POST's JSON body; answers 500 to the first `refusals` of them.

    While `hold` is clear, a request past the refusals waits for it before answering, so a test can look at the
    rule's page between a failed attempt and the one that gets through."""

    def __init__(self, refusals=0):
        self.bodies, self.refused, self.refusals = [], [], refusals
        self.hold = threading.Event()
        self.hold.set()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if len(receiver.refused) < receiver.refusals:
                    receiver.refused.append(body)
                    self.send_response(500)
                    self.end_headers()
                    return
                receiver.hold.wait(60)
                receiver.bodies.append(body)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.hold.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(refusals=0):
        made.append(Receiver(refusals))
        return made[-1]

    yield make
    for one in made:
        one.close()


def rule_request(on_cluster, name, **fields):
    return {"name": name, "kind": "group_lag", "cluster": on_cluster.name, "target": "*", "threshold": 10,
            "for_s": 0, "channels": [], **fields}


def post_rule(client, body):
    return client.post("/api/v1/alerts/rules/", body, content_type="application/json")
