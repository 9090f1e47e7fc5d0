"""Purging a topic: see what would go (per partition, the records before an offset), then delete them."""
from dataclasses import dataclass

from topics_app import kafka_admin, kafka_clients
from topics_app.errors import InvalidRequest
from topics_app.kafka_clients import TopicPartition
from topics_app.models import AuditEntry
from topics_app.services.topics import partition_ends


@dataclass
class PurgePlan:
    """Per partition: [earliest, latest) now, and the offset before which records go."""

    topic: str
    partitions: dict[int, tuple[int, int, int]]

    @property
    def deleting(self):
        return {p: max(0, min(before, latest) - earliest) for p, (earliest, latest, before) in self.partitions.items()}

    @property
    def total(self):
        return sum(self.deleting.values())

    @property
    def rows(self):
        """(partition, earliest, before, deleting) for display."""
        deleting = self.deleting
        return [(p, earliest, before, deleting[p]) for p, (earliest, _, before) in self.partitions.items()]


def plan(cluster, name, before_offsets=None):
    """What a purge would delete: per partition (earliest, latest, before). None purges everything."""

    def fetch(admin):
        topic = kafka_admin.existing_topic(admin, name)
        return partition_ends(admin, [TopicPartition(name, p["partition_index"]) for p in topic["partitions"]])

    offsets = {tp.partition: ends for tp, ends in kafka_clients.run_admin(cluster, fetch).items()}
    if before_offsets is None:
        return PurgePlan(name, {p: (earliest, latest, latest) for p, (earliest, latest) in sorted(offsets.items())})
    chosen = {}
    for partition, before in sorted(before_offsets.items()):
        if partition not in offsets:
            raise InvalidRequest(f"The topic has no partition {partition}.", field="partitions")
        earliest, latest = offsets[partition]
        if not isinstance(before, int) or not 0 <= before <= latest:
            raise InvalidRequest(
                f"Partition {partition}: the offset must be between 0 and its latest offset {latest}.",
                field="partitions",
            )
        chosen[partition] = (earliest, latest, before)
    return PurgePlan(name, chosen)


def apply(cluster, purge_plan, *, actor):
    """Delete the records a PurgePlan names; return how many went per partition. Audited."""
    befores = {p: before for p, (_, _, before) in purge_plan.partitions.items()}
    with AuditEntry.track(actor, "purge_topic", cluster=cluster, target=purge_plan.topic,
                          details={"before_offsets": befores}):
        if befores:
            targets = {TopicPartition(purge_plan.topic, p): before for p, before in befores.items()}
            kafka_clients.run_admin(cluster, lambda admin: admin.delete_records(targets), timeout_s=15)
    return purge_plan.deleting
