#!/usr/bin/env python3
"""Wait until a Kafka broker answers a Metadata request (stdlib only).

Usage: python3 ready.py [timeout_seconds] [--bootstrap HOST:PORT[,HOST:PORT...]]
The bootstrap list defaults to $KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092.
Exit 0 once some server returns a Metadata response listing at least one broker,
1 when the timeout (default 90 s) runs out.

It speaks the wire protocol itself: MetadataRequest v0 (api_key 3), whose empty
topic array means "all topics"; if the broker refuses v0 (Kafka may drop old
versions) it asks ApiVersions v0 for the supported range and uses v1..v7.
"""
import argparse
import os
import socket
import struct
import sys
import time

METADATA = 3
API_VERSIONS = 18
CLIENT_ID = b"strom"


class Reader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def take(self, fmt):
        (value,) = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += struct.calcsize(fmt)
        return value

    def string(self):
        n = self.take(">h")
        if n < 0:
            return None
        s = self.data[self.pos:self.pos + n]
        if len(s) != n:
            raise ValueError("truncated string")
        self.pos += n
        return s.decode("utf-8", "replace")


def request(sock, api_key, version, correlation_id, body):
    header = struct.pack(">hhih", api_key, version, correlation_id, len(CLIENT_ID)) + CLIENT_ID
    payload = header + body
    sock.sendall(struct.pack(">i", len(payload)) + payload)
    size = struct.unpack(">i", recv_exact(sock, 4))[0]
    if size < 4 or size > 64 * 1024 * 1024:
        raise ValueError("bad response size %d" % size)
    data = recv_exact(sock, size)
    r = Reader(data)
    if r.take(">i") != correlation_id:
        raise ValueError("correlation id mismatch")
    return r


def recv_exact(sock, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("connection closed by broker")
        buf += chunk
    return bytes(buf)


def parse_brokers(r, version):
    if version >= 3:
        r.take(">i")  # throttle_time_ms
    brokers = []
    for _ in range(r.take(">i")):
        node_id = r.take(">i")
        host = r.string()
        port = r.take(">i")
        if version >= 1:
            r.string()  # rack
        brokers.append((node_id, host, port))
    return brokers


def metadata_version_range(host, port, timeout):
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.settimeout(timeout)
        r = request(sock, API_VERSIONS, 0, 2, b"")
        error = r.take(">h")
        if error:
            raise ValueError("ApiVersions error %d" % error)
        for _ in range(r.take(">i")):
            key, lo, hi = r.take(">h"), r.take(">h"), r.take(">h")
            if key == METADATA:
                return lo, hi
    raise ValueError("broker does not list Metadata")


def probe(host, port, timeout=2.0):
    """Return the broker list from one Metadata round trip, or raise."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            r = request(sock, METADATA, 0, 1, struct.pack(">i", 0))
            return parse_brokers(r, 0)
    except ConnectionError:
        # v0 may be unsupported (the broker just closes); negotiate a version.
        lo, hi = metadata_version_range(host, port, timeout)
        version = max(lo, 1)
        if version > min(hi, 7):  # v8 adds fields, v9+ is "flexible"; not spoken here
            raise
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            body = struct.pack(">i", 0)  # no topics
            if version >= 4:
                body += b"\x00"  # allow_auto_topic_creation = false
            r = request(sock, METADATA, version, 3, body)
            return parse_brokers(r, version)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("timeout", nargs="?", type=float, default=90.0)
    ap.add_argument("--bootstrap", default=os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or "127.0.0.1:9092")
    ap.add_argument("--once", action="store_true", help="probe once, no retries")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args()

    servers = []
    for item in args.bootstrap.split(","):
        item = item.strip()
        if "://" in item:
            item = item.split("://", 1)[1]
        host, _, port = item.rpartition(":")
        servers.append((host.strip("[]") or "127.0.0.1", int(port or 9092)))

    deadline = time.monotonic() + args.timeout
    last_error = None
    while True:
        for host, port in servers:
            try:
                brokers = probe(host, port)
                if brokers:
                    if not args.quiet:
                        listed = ", ".join("%d@%s:%d" % b for b in brokers)
                        print("kafka ready at %s:%d (brokers: %s)" % (host, port, listed))
                    return 0
                last_error = "no brokers in metadata response"
            except (OSError, ValueError, struct.error) as exc:
                last_error = "%s: %s" % (type(exc).__name__, exc)
        if args.once or time.monotonic() >= deadline:
            break
        time.sleep(0.5)
    if not args.quiet:
        print("kafka not ready at %s after %gs (%s)" % (args.bootstrap, args.timeout, last_error), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
