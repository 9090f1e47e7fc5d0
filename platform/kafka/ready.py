"""Wait until the Kafka cluster answers describe_cluster (a Metadata request), with kafka-python.

Usage: .venv/bin/python platform/kafka/ready.py [timeout_seconds] [--quiet] [--brokers 1,2,3]
Bootstrap servers: $KAFKA_BOOTSTRAP_SERVERS, default 127.0.0.1:9092. Exit 0 as soon as the
answer lists a broker (with --brokers: every broker id named); 1 when the timeout (default 90 s;
0 means one try) runs out.
"""
import argparse
import logging
import os
import sys
import time

from kafka import KafkaAdminClient
from kafka.errors import KafkaError

# One try must stay short: start and wait call this in a loop while the broker comes up.
TRY_TIMEOUT_MS = 2000


def listed_brokers(bootstrap_servers):
    with KafkaAdminClient(bootstrap_servers=bootstrap_servers, client_id="strom-ready",
                          request_timeout_ms=TRY_TIMEOUT_MS, bootstrap_timeout_ms=TRY_TIMEOUT_MS) as admin:
        return admin.describe_cluster()["brokers"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("timeout", nargs="?", type=float, default=90.0)
    parser.add_argument("-q", "--quiet", action="store_true")
    parser.add_argument("--brokers", type=lambda ids: {int(i) for i in ids.split(",") if i}, default=set(),
                        help="comma-separated broker ids that must all be listed")
    args = parser.parse_args()
    bootstrap_servers = os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or "127.0.0.1:9092"
    # kafka-python logs every refused connection; the outcome is reported below instead.
    logging.getLogger("kafka").setLevel(logging.CRITICAL)

    deadline = time.monotonic() + args.timeout
    while True:
        try:
            brokers = listed_brokers(bootstrap_servers)
            missing = args.brokers - {b["broker_id"] for b in brokers}
            if brokers and not missing:
                if not args.quiet:
                    listed = ", ".join(f"{b['broker_id']}@{b['host']}:{b['port']}" for b in brokers)
                    print(f"kafka ready at {bootstrap_servers} (brokers: {listed})")
                return 0
            problem = f"brokers {sorted(missing)} not listed" if brokers else "no brokers in the answer"
        except (KafkaError, OSError) as exc:
            problem = str(exc) or type(exc).__name__
        if time.monotonic() >= deadline:
            break
        time.sleep(0.5)
    if not args.quiet:
        print(f"kafka not ready at {bootstrap_servers} after {args.timeout:g} s ({problem})", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
