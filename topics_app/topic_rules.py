"""Kafka's rules for topic names and the important topic configs, checked before anything is
sent, plus the human units the pages speak. Pure functions: no Kafka needed."""
import re

from django.core.exceptions import ValidationError

TOPIC_NAME = re.compile(r"^[a-zA-Z0-9._-]{1,249}$")
CONFIG_NAME = re.compile(r"^[a-z0-9]+(\.[a-z0-9]+)*$")
FOREVER = -1
# Kafka's integer types on the wire: offsets and timestamps are int64, partition numbers and counts
# int32, replication factors int16. A larger number fails in kafka-python before Kafka can refuse it.
LONG_MAX = 2**63 - 1
INT_MAX = 2**31 - 1
SHORT_MAX = 2**15 - 1
# The most partitions a topic may get from Strom's forms and API: far below INT_MAX, since every
# partition costs each of its brokers open files and memory.
MAX_PARTITIONS = 100_000

# One line each for the configs a user most needs to understand, shown on the topic page.
EXPLANATIONS = {
    "retention.ms": "How long a message is kept before its segment may be deleted (-1 keeps it forever).",
    "retention.bytes": "Largest size a partition may grow to before old segments are deleted (-1: no limit).",
    "segment.bytes": "Size at which a partition's log rolls to a new segment file; retention deletes whole segments.",
    "segment.ms": "Age at which a segment is rolled even if not full, so retention can delete it.",
    "cleanup.policy": "delete removes old segments; compact keeps the latest value per key; both do both.",
    "min.insync.replicas": "With acks=all, a write fails unless this many replicas have it.",
    "max.message.bytes": "Largest record batch the broker accepts for this topic.",
    "unclean.leader.election.enable": "Whether an out-of-sync replica may become leader (risks losing data).",
    "delete.retention.ms": "How long tombstones are kept on compacted topics.",
    "compression.type": "Compression of stored batches; 'producer' keeps what the producer sent.",
}

# Kafka's documented defaults for configs whose description carries no default synonym
# (retention.ms inherits from log.retention.hours, which Kafka does not report as a synonym).
KNOWN_DEFAULTS = {"retention.ms": "604800000"}

CLEANUP_POLICIES = {"delete": "delete", "compact": "compact", "compact,delete": "compact,delete",
                    "delete,compact": "compact,delete", "both": "compact,delete"}

# name -> (minimum, maximum) for the integer configs validated here; Kafka checks the rest.
INTEGER_RANGES = {
    "retention.ms": (-1, LONG_MAX),
    "retention.bytes": (-1, LONG_MAX),
    "segment.bytes": (1024 * 1024, 2**31 - 1),
    "segment.ms": (1, LONG_MAX),
    "min.insync.replicas": (1, 2**31 - 1),
    "max.message.bytes": (0, 2**31 - 1),
    "delete.retention.ms": (0, LONG_MAX),
}

DURATION_UNITS_MS = {"days": 86_400_000, "hours": 3_600_000, "minutes": 60_000, "ms": 1}
SIZE_UNITS_BYTES = {"GB": 1024**3, "MB": 1024**2, "bytes": 1}


def validate_topic_name(name):
    if name in (".", ".."):
        raise ValidationError("A topic name may not be '.' or '..'.")
    if not TOPIC_NAME.match(name or ""):
        raise ValidationError("A topic name is 1 to 249 characters: ASCII letters, digits, '.', '_' and '-'.")


def clean_config(name, value):
    """Return the value Kafka should get, or raise ValidationError saying what is wrong with it."""
    if not CONFIG_NAME.match(name or ""):
        raise ValidationError(f"{name!r} is not a Kafka config name (lowercase words joined by dots).")
    value = str(value).strip()
    if name == "cleanup.policy":
        if value not in CLEANUP_POLICIES:
            raise ValidationError("cleanup.policy must be delete, compact or compact,delete.")
        return CLEANUP_POLICIES[value]
    if name in INTEGER_RANGES:
        low, high = INTEGER_RANGES[name]
        try:
            number = int(value)
        except ValueError:
            raise ValidationError(f"{name} must be a whole number.") from None
        if not low <= number <= high:
            raise ValidationError(f"{name} must be between {low} and {high}.")
        return str(number)
    return value


def human_duration(ms):
    """'7 days' for 604800000, 'forever' for -1: how retention reads to a person."""
    try:
        ms = int(ms)
    except (TypeError, ValueError):
        return ""
    if ms < 0:
        return "forever"
    for unit, size in (("day", 86_400_000), ("hour", 3_600_000), ("minute", 60_000), ("second", 1000)):
        if ms >= size and ms % size == 0:
            count = ms // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{ms} ms"


def human_bytes(count):
    try:
        count = int(count)
    except (TypeError, ValueError):
        return ""
    if count < 0:
        return "no limit"
    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if count >= size:
            return f"{count / size:.1f} {unit}".replace(".0 ", " ")
    return f"{count} bytes"
