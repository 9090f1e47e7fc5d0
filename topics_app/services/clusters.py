from dataclasses import dataclass, field

from topics_app import errors, kafka_clients


@dataclass
class Broker:
    id: int
    host: str
    port: int
    rack: str | None


@dataclass
class ClusterOverview:
    cluster_id: str
    controller_id: int
    brokers: list[Broker] = field(default_factory=list)
    topic_count: int = 0
    partition_count: int = 0
    internal_topic_count: int = 0


def describe_cluster(cluster):
    """Cluster id, controller, brokers, and topic/partition counts (internal topics included,
    as `kafka-topics --list` counts them) in two metadata requests."""

    def fetch(admin):
        return admin.describe_cluster(), admin.describe_topics()

    info, topics = kafka_clients.run_admin(cluster, fetch)
    return ClusterOverview(
        cluster_id=info["cluster_id"],
        controller_id=info["controller_id"],
        brokers=sorted(
            (Broker(id=b["broker_id"], host=b["host"], port=b["port"], rack=b.get("rack")) for b in info["brokers"]),
            key=lambda broker: broker.id,
        ),
        topic_count=len(topics),
        internal_topic_count=sum(1 for t in topics if t["is_internal"]),
        partition_count=sum(len(t["partitions"]) for t in topics),
    )


def connection_error(cluster):
    """Why Strom cannot use the cluster now (its own settings, no answer, refused credentials), or ""."""
    try:
        kafka_clients.run_admin(cluster, lambda admin: admin.describe_cluster())
    except errors.ServiceError as error:
        return error.message
    return ""
