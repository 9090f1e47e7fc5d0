"""How each topic config is edited on the configs page: a choice, a switch, an amount in units (as on
the create form), or plain text; and reading the value back from what the form posted. Pure: no Kafka."""
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from topics_app import topic_rules

CHOICES = {
    "cleanup.policy": [("delete", "delete old segments"), ("compact", "compact (keep the latest value per key)"),
                       ("compact,delete", "both")],
    "compression.type": [(v, v) for v in ("producer", "uncompressed", "gzip", "snappy", "lz4", "zstd")],
    "message.timestamp.type": [("CreateTime", "CreateTime (the producer's time)"),
                               ("LogAppendTime", "LogAppendTime (the broker's time)")],
}
BOOLEANS = {"unclean.leader.election.enable", "preallocate", "message.downconversion.enable",
            "remote.storage.enable", "remote.log.copy.disable", "remote.log.delete.on.disable"}
# Configs where -1 means no limit; other negative values (local.retention's -2) stay plain numbers.
UNLIMITED_ALLOWED = {"retention.ms", "retention.bytes", "local.retention.ms", "local.retention.bytes"}

DURATION_UNITS = [("days", "days"), ("hours", "hours"), ("minutes", "minutes"), ("ms", "milliseconds")]
SIZE_UNITS = [("GB", "GB"), ("MB", "MB"), ("bytes", "bytes")]
UNIT_SIZES = {**topic_rules.DURATION_UNITS_MS, **topic_rules.SIZE_UNITS_BYTES}
UNLIMITED = "unlimited"


@dataclass
class ConfigField:
    """What the template needs to draw one config's input."""
    kind: str  # choice, boolean, duration, size or text
    value: str
    choices: list = field(default_factory=list)
    amount: str = ""
    unit: str = ""
    units: list = field(default_factory=list)


def kind_of(name):
    if name in CHOICES:
        return "choice"
    if name in BOOLEANS:
        return "boolean"
    if name.endswith(".ms"):
        return "duration"
    if name.endswith(".bytes"):
        return "size"
    return "text"


def units_for(name):
    units = DURATION_UNITS if kind_of(name) == "duration" else SIZE_UNITS
    if name in UNLIMITED_ALLOWED:
        units = units + [(UNLIMITED, "forever" if kind_of(name) == "duration" else "no limit")]
    return units


def in_units(name, value):
    """(amount, unit) for a duration or size in the largest unit that holds it exactly; None if it has no such
    form (not a number, or a negative that means something other than no limit)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    if number == topic_rules.FOREVER and name in UNLIMITED_ALLOWED:
        return "", UNLIMITED
    if number < 0:
        return None
    for unit, _label in units_for(name):
        size = UNIT_SIZES.get(unit)
        if size and number % size == 0 and (number or unit in ("ms", "bytes")):
            return str(number // size), unit
    return None


def config_field(name, value):
    kind = kind_of(name)
    value = value or ""
    if kind == "choice":
        current = topic_rules.CLEANUP_POLICIES.get(value, value) if name == "cleanup.policy" else value
        choices = CHOICES[name]
        if current and current not in dict(choices):
            choices = choices + [(current, current)]  # a value Strom does not know stays as it is
        return ConfigField(kind, current, choices=choices)
    if kind in ("duration", "size"):
        shown = in_units(name, value)
        if shown is None:
            return ConfigField("text", value)
        return ConfigField(kind, value, amount=shown[0], unit=shown[1], units=units_for(name))
    return ConfigField(kind, value)


def submitted_value(name, post):
    """The value the form posted for `name` as Kafka takes it, or None when the form did not send it.

    An amount and a unit (amount:<name>, unit:<name>) win over the plain value (config:<name>), which the
    choice, switch and text inputs send, and which an API-like client may post for any config.
    """
    unit = post.get(f"unit:{name}")
    if unit is None:
        return post.get(f"config:{name}")
    if unit == UNLIMITED and name in UNLIMITED_ALLOWED:
        return str(topic_rules.FOREVER)
    if unit not in UNIT_SIZES:
        raise ValidationError("Choose a unit from the list.")
    amount = (post.get(f"amount:{name}") or "").strip()
    try:
        number = int(amount)
    except ValueError:
        raise ValidationError("Give a whole number.") from None
    if number < 0:
        raise ValidationError("Give a number of 0 or more.")
    return str(number * UNIT_SIZES[unit])


def posted_field(name, post, fallback):
    """The field redrawn with what the person posted, so a refused form keeps their input."""
    drawn = config_field(name, post.get(f"config:{name}", fallback))
    if f"unit:{name}" in post and drawn.kind in ("duration", "size"):
        drawn.amount, drawn.unit = post.get(f"amount:{name}", ""), post.get(f"unit:{name}")
    return drawn
