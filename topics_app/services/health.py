"""Partition health, from what a partition's metadata says: the one place its rules live.

A partition is under-replicated when its ISR is smaller than its replica list, under its min ISR when fewer
replicas are in sync than the topic's min.insync.replicas (acks=all is then refused), offline when it has no
leader, and out of balance when its leader is not its preferred replica (the first in the list). These are
the rules of `kafka-topics --describe --under-replicated-partitions`, `--under-min-isr-partitions`,
`--unavailable-partitions` and of the preferred replica election.
"""
from dataclasses import dataclass

KINDS = {
    "under_replicated": "Under-replicated",
    "under_min_isr": "Under min ISR",
    "offline": "Offline",
    "leader_imbalance": "Leader not preferred",
}
# The problems a partition's metadata shows alone; under_min_isr also needs the topic's config.
METADATA_KINDS = ("under_replicated", "offline", "leader_imbalance")
# The broker's own default, for a topic whose config Kafka did not report.
DEFAULT_MIN_ISR = 1


@dataclass
class Health:
    """How many partitions have each problem."""
    under_replicated: int = 0
    under_min_isr: int = 0
    offline: int = 0
    leader_imbalance: int = 0

    def __add__(self, other):
        # Field by field, not over dataclasses.fields(): a topic list adds one per partition, thousands a request.
        return Health(self.under_replicated + other.under_replicated, self.under_min_isr + other.under_min_isr,
                      self.offline + other.offline, self.leader_imbalance + other.leader_imbalance)

    def has(self, kind):
        return getattr(self, kind) > 0

    @property
    def problems(self):
        """(label, partition count) of each problem there is; empty when healthy."""
        return [(label, getattr(self, kind)) for kind, label in KINDS.items() if self.has(kind)]


def is_offline(leader):
    return leader is None or leader < 0


def partition_health(leader, replicas, isr, min_isr):
    offline = is_offline(leader)
    return Health(
        under_replicated=int(len(isr) < len(replicas)),
        under_min_isr=int(len(isr) < min_isr),
        offline=int(offline),
        leader_imbalance=int(not offline and bool(replicas) and leader != replicas[0]),
    )


def topic_health(partitions, min_isr):
    """The sum over (leader, replicas, isr) triples of one topic."""
    return sum((partition_health(leader, replicas, isr, min_isr) for leader, replicas, isr in partitions), Health())
