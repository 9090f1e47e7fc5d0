from dataclasses import dataclass, field

from django.conf import settings

from topics_app import errors, kafka_admin, kafka_clients
from topics_app.services.brokers import quorum_from
from topics_app.services.health import Health
from topics_app.services.topics import metadata_health, min_insync_replicas


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
    health: Health = field(default_factory=Health)


def describe_cluster(cluster):
    """Cluster id, controller, brokers, topic/partition counts (internal topics included, as
    `kafka-topics --list` counts them) and the partitions' health, in three requests."""

    def fetch(admin):
        topics = kafka_admin.all_topics(admin)
        return (admin.describe_cluster(), topics, min_insync_replicas(admin, [t["name"] for t in topics]),
                active_controller(admin))

    # Room for the quorum's answer to time out after the other requests have been answered (active_controller).
    deadline_s = 2 * settings.KAFKA_REQUEST_TIMEOUT_MS / 1000 + 1
    info, topics, min_isr, controller_id = kafka_clients.run_admin(cluster, fetch, timeout_s=deadline_s)
    return ClusterOverview(
        cluster_id=info["cluster_id"],
        # A KRaft cluster names a random broker as "controller" to clients; the active one leads the quorum.
        controller_id=info["controller_id"] if controller_id is None else controller_id,
        brokers=sorted(
            (Broker(id=b["broker_id"], host=b["host"], port=b["port"], rack=b.get("rack")) for b in info["brokers"]),
            key=lambda broker: broker.id,
        ),
        topic_count=len(topics),
        internal_topic_count=sum(1 for t in topics if t["is_internal"]),
        partition_count=sum(len(t["partitions"]) for t in topics),
        health=sum((metadata_health(t, min_isr[t["name"]]) for t in topics), Health()),
    )


def active_controller(admin):
    """The quorum leader's id; None from a cluster without a KRaft quorum to describe, and while the quorum elects
    a new leader: a broker passes the question on to the active controller, and after that node's death it had
    no answer within the request timeout, so the whole overview answered 503."""
    kafka_errors = kafka_clients.kafka_errors
    try:
        return quorum_from(admin.describe_metadata_quorum()).leader_id
    except (kafka_errors.IncompatibleBrokerVersion, kafka_errors.UnsupportedVersionError,
            kafka_errors.RequestTimedOutError):
        return None


def connection_error(cluster):
    """Why Strom cannot use the cluster now (its own settings, no answer, refused credentials), or ""."""
    try:
        kafka_clients.run_admin(cluster, lambda admin: admin.describe_cluster())
    except errors.ServiceError as error:
        return error.message
    return ""
