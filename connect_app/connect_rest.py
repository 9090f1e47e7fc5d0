"""The one place Strom speaks to Kafka Connect's REST API.

Every call has a deadline (CONNECT_TIMEOUT_S), so a stopped or hung worker answers "cannot reach
Connect" within seconds; nothing is kept between calls, so a worker that comes back is used at once.
Connect's error answers ({error_code, message}) become Strom's errors with Connect's own message.
"""
import base64
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings

from connect_app.errors import ConnectFailed, ConnectRefusedStrom, ConnectUnreachable
from topics_app.errors import AlreadyExists, Conflict, InvalidRequest, NotFound
from topics_app.models import ca_context

BY_STATUS = {400: InvalidRequest, 404: NotFound, 409: Conflict}
# Enough calls at once to fetch a list's per-connector details in a few round trips, without flooding a worker.
PARALLEL_CALLS = 8
# A worker about to rebalance, or rebalancing, refuses what it would do a moment later: 500 with this
# message (DistributedHerder) or 409. Such a call is made again, a few times, as kafbat's Connect client does.
REBALANCE_EXPECTED = "Request cannot be completed because a rebalance is expected"
REBALANCE_RETRIES = 5
REBALANCE_RETRY_DELAY_S = 0.2


def quote(name):
    """A connector or plugin name as one path segment."""
    return urllib.parse.quote(name, safe="")


class ConnectRest:
    def __init__(self, connect_cluster):
        self.url = connect_cluster.base_url
        self.headers = {"Accept": "application/json", "Content-Type": "application/json"}
        if connect_cluster.username:
            token = f"{connect_cluster.username}:{connect_cluster.password}".encode()
            self.headers["Authorization"] = "Basic " + base64.b64encode(token).decode()
        self.context = ca_context(connect_cluster.ca_certificate) if self.url.startswith("https:") else None

    def get(self, path, **query):
        return self.call("GET", path, query=query)

    def put(self, path, body=None, **query):
        return self.call("PUT", path, body, query=query)

    def post(self, path, body=None, **query):
        return self.call("POST", path, body, query=query)

    def delete(self, path, **query):
        return self.call("DELETE", path, query=query)

    def call(self, method, path, body=None, query=None):
        """Connect's JSON answer (None for an empty one); a ServiceError for any failure."""
        for retries_left in range(REBALANCE_RETRIES, -1, -1):
            try:
                return self.call_once(method, path, body, query)
            except (Conflict, ConnectFailed) as failure:
                if not retries_left or not self.refused_for_a_rebalance(failure):
                    raise
            time.sleep(REBALANCE_RETRY_DELAY_S)

    @staticmethod
    def refused_for_a_rebalance(failure):
        if isinstance(failure, ConnectFailed):
            return failure.connect_message == REBALANCE_EXPECTED
        return True  # Connect's 409s other than "already exists" are all rebalances

    def call_once(self, method, path, body, query):
        url = self.url + path
        if query:
            url += "?" + urllib.parse.urlencode(query, doseq=True)
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method, headers=self.headers)
        try:
            with urllib.request.urlopen(request, timeout=settings.CONNECT_TIMEOUT_S, context=self.context) as answer:
                raw = answer.read()
        except urllib.error.HTTPError as error:
            raise self.error_for(error.code, error.read()) from None
        except OSError as error:  # refused, timed out, TLS: urllib's URLError and ssl's errors are OSErrors too
            reason = getattr(error, "reason", None) or error
            raise ConnectUnreachable(f"Cannot reach Connect at {self.url}: {reason}.") from None
        return json.loads(raw) if raw.strip() else None

    def error_for(self, status, raw):
        try:
            message = json.loads(raw).get("message") or ""
        except (ValueError, AttributeError):
            # Jetty's own refusals are HTML pages: their title says it.
            text = raw.decode("utf-8", "replace")
            title = re.search(r"<title>(.*?)</title>", text, re.S)
            message = (title.group(1) if title else text).strip()[:500]
        message = message or f"HTTP {status}"
        if status in (401, 403):
            return ConnectRefusedStrom(f"Connect at {self.url} refused Strom's credentials ({status}): {message}. "
                                       f"An admin can correct them under Administration, Connect clusters.")
        if status == 409 and "already exists" in message:
            return AlreadyExists(message, field="name")
        if status in BY_STATUS:
            return BY_STATUS[status](message)
        if status == 503:
            return ConnectUnreachable(f"Connect at {self.url} is not ready: {message}")
        return ConnectFailed(f"Connect at {self.url} answered an error ({status}): {message}", message)

    @staticmethod
    def each(call, items):
        """call(item) for each item at once, the answers in the same order (the first failure raises)."""
        if len(items) <= 1:
            return [call(item) for item in items]
        with ThreadPoolExecutor(min(PARALLEL_CALLS, len(items))) as pool:
            return list(pool.map(call, items))
