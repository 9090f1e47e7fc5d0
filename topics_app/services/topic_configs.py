"""A topic's configs: where each value comes from and its default, checked changes in one atomic request."""
import time
from dataclasses import dataclass

from topics_app import kafka_admin, kafka_clients, topic_rules
from topics_app.errors import InvalidRequest
from topics_app.kafka_clients import AlterConfigOp, ConfigResource, ConfigResourceType
from topics_app.models import AuditEntry

# Where a config's value comes from, as the API and pages name it.
SOURCES = {
    "DYNAMIC_TOPIC_CONFIG": "topic",
    "DEFAULT_CONFIG": "default",
    "DYNAMIC_DEFAULT_BROKER_CONFIG": "broker_default",
    "DYNAMIC_BROKER_CONFIG": "broker",
    "STATIC_BROKER_CONFIG": "broker_static",
    "DYNAMIC_BROKER_LOGGER_CONFIG": "broker_logger",
    "UNKNOWN": "unknown",
}
SOURCE_LABELS = {
    "topic": "topic override",
    "default": "Kafka default",
    "broker_default": "broker (cluster-wide default)",
    "broker": "broker",
    "broker_static": "broker (server.properties)",
    "broker_logger": "broker logger",
    "unknown": "unknown",
}


@dataclass
class ConfigEntry:
    name: str
    value: str | None
    source: str
    is_default: bool
    read_only: bool
    sensitive: bool
    default_value: str | None
    explanation: str = ""

    @property
    def is_override(self):
        return self.source == "topic"

    @property
    def source_label(self):
        return SOURCE_LABELS.get(self.source, self.source)

    @property
    def human(self):
        """The value in human units where that helps: durations and sizes."""
        if self.name.endswith(".ms") and self.value not in (None, ""):
            return topic_rules.human_duration(self.value)
        if self.name.endswith(".bytes") and self.value not in (None, ""):
            return topic_rules.human_bytes(self.value)
        return ""


@dataclass
class ConfigChange:
    name: str
    before: str | None
    after: str | None


def config_entries(raw):
    """ConfigEntry rows of a describe_configs answer (with synonyms), sorted by name."""
    entries = []
    for name, data in sorted(raw.items()):
        source = SOURCES.get(data["config_source"], data["config_source"].lower())
        inherited = [s for s in data.get("synonyms", []) if s["source"] != "DYNAMIC_TOPIC_CONFIG"]
        if inherited:
            default_value = inherited[0]["value"]
        elif source == "topic":
            default_value = topic_rules.KNOWN_DEFAULTS.get(name)
        else:
            default_value = data["value"]
        entries.append(ConfigEntry(
            name=name,
            value=None if data["is_sensitive"] else data["value"],
            source=source,
            is_default=source == "default",
            read_only=data["read_only"],
            sensitive=data["is_sensitive"],
            default_value=None if data["is_sensitive"] else default_value,
            explanation=topic_rules.EXPLANATIONS.get(name, ""),
        ))
    return entries


def checked_configs(configs):
    """Validate config names and values before Kafka sees them; None means reset to default."""
    cleaned, errors = {}, {}
    for name, value in (configs or {}).items():
        try:
            cleaned[name] = None if value is None else topic_rules.clean_config(name, value)
        except topic_rules.ValidationError as error:
            errors[name] = " ".join(error.messages)
    if errors:
        name, message = next(iter(errors.items()))
        raise InvalidRequest(message, field=name)
    return cleaned


def alter_configs(cluster, name, changes, *, actor):
    """Set (value) or reset (None) topic configs in one incremental, atomic request; return what changed."""
    details = {"changes": changes}
    with AuditEntry.track(actor, "alter_topic_configs", cluster=cluster, target=name, details=details):
        details["changes"] = changes = checked_configs(changes)
        return _alter_configs(cluster, name, changes)


def _alter_configs(cluster, name, changes):
    if not changes:
        raise InvalidRequest("Nothing to change: give at least one config.", field="configs")
    resource = [ConfigResource(ConfigResourceType.TOPIC, name)]

    def current(admin):
        return admin.describe_configs(resource, config_filter="all")["topic"][name]

    def apply(admin):
        kafka_admin.existing_topic(admin, name)
        before = current(admin)
        ops = {key: (AlterConfigOp.DELETE, None) if value is None else (AlterConfigOp.SET, value)
               for key, value in changes.items()}
        result = admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, name, configs=ops)],
                                     raise_on_unknown=False, incremental=True)["topic"][name]
        if result != "OK":
            raise InvalidRequest(kafka_clients.broker_message(result),
                                 field=kafka_clients.config_named_in(str(result)))
        return before, _applied(lambda: current(admin), changes)

    before, after = kafka_clients.run_admin(cluster, apply, timeout_s=15)
    return [
        ConfigChange(key, (before.get(key) or {}).get("value"), (after.get(key) or {}).get("value"))
        for key in changes
    ]


# A change reaches every broker's metadata a moment after Kafka accepts it, and the answer may come from a broker
# that has not caught up yet: read again, briefly, until each set config is an override and each reset one is not.
APPLIED_WAIT_S = 5


def _applied(read, changes):
    deadline = time.monotonic() + APPLIED_WAIT_S
    while True:
        configs = read()
        overrides = {key for key in changes if (configs.get(key) or {}).get("config_source") == "DYNAMIC_TOPIC_CONFIG"}
        if overrides == {key for key, value in changes.items() if value is not None} or time.monotonic() > deadline:
            return configs
        time.sleep(0.1)
