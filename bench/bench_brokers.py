"""Brokers benchmark: the brokers page (every broker with its partitions, leaders and log dirs, and the metadata
quorum), the brokers and quorum API and a broker's detail page with its configs, as server time per request
(median of several), next to Kafka's own kafka-broker-api-versions, kafka-metadata-quorum describe --status and
kafka-configs --describe --all on the same cluster in the same run.

Run with `make bench` (or .venv/bin/python bench/bench_brokers.py).
"""
import harness

harness.start_django()

from topics_app.models import Cluster  # noqa: E402

RUNS, TOOL_RUNS = 9, 3


def main():
    cluster = Cluster.ensure_default()
    client = harness.logged_in_client("viewer")
    base = f"/clusters/{cluster.name}"

    def server_ms(url):
        return harness.median_ms(harness.getter(client, url), RUNS)

    def tool_ms(tool, *args):
        return harness.median_ms(harness.kafka_tool(tool, "--bootstrap-server", harness.BOOTSTRAP, *args), TOOL_RUNS)

    brokers = client.get(f"/api/v1{base}/brokers/").json()
    print(f"cluster {cluster.name}: {len(brokers)} brokers, {sum(b['partitions'] for b in brokers):,} replicas")
    figures = {
        "brokers page (brokers and quorum)": server_ms(f"{base}/brokers/"),
        "brokers API": server_ms(f"/api/v1{base}/brokers/"),
        "quorum API": server_ms(f"/api/v1{base}/quorum/"),
        "broker 1 page (all configs)": server_ms(f"{base}/brokers/1/"),
    }
    reference = {
        "kafka-broker-api-versions": tool_ms("kafka-broker-api-versions"),
        "kafka-metadata-quorum describe --status": tool_ms("kafka-metadata-quorum", "describe", "--status"),
        "kafka-configs --describe --all (broker 1)": tool_ms("kafka-configs", "--entity-type", "brokers",
                                                            "--entity-name", "1", "--describe", "--all"),
    }
    print(f"\nserver time per request, median of {RUNS}:")
    for name, ms in figures.items():
        print(f"  {name:<44} {ms:8.1f} ms")
    print(f"\nKafka's own tools, same cluster, median of {TOOL_RUNS} (includes JVM start-up):")
    for name, ms in reference.items():
        print(f"  {name:<44} {ms:8.1f} ms")
    print("\nratios (Strom / Kafka's tool):")
    print(f"  brokers page / kafka-broker-api-versions:  "
          f"{figures['brokers page (brokers and quorum)'] / reference['kafka-broker-api-versions']:.2f}")
    print(f"  quorum API / kafka-metadata-quorum:        "
          f"{figures['quorum API'] / reference['kafka-metadata-quorum describe --status']:.2f}")
    print(f"  broker 1 page / kafka-configs --all:       "
          f"{figures['broker 1 page (all configs)'] / reference['kafka-configs --describe --all (broker 1)']:.2f}")


if __name__ == "__main__":
    main()
