"""Producing one record, with the input checks the API and the produce form share; audited."""
import json
from dataclasses import dataclass

from django.conf import settings

from streams_app.services.decode import from_wire
from topics_app import kafka_clients
from topics_app.errors import InvalidRequest, NotEnoughReplicas, ServiceError
from topics_app.kafka_clients import ConfigResource, ConfigResourceType
from topics_app.models import AuditEntry

ACKS_ALL = "all"
ACKS_CHOICES = kafka_clients.ACKS_CHOICES
# What each acks asks of Kafka, in one line; the form and the API's description show these.
ACKS_MEANINGS = {
    ACKS_ALL: "every in-sync replica wrote it, and at least min.insync.replicas of them",
    1: "the leader wrote it; followers copy it later, so it is lost if the leader dies first",
    0: "not waited for: no offset comes back, and the record may be lost",
}


@dataclass
class Produced:
    topic: str
    partition: int
    offset: int | None  # None with acks=0: Kafka's answer is not waited for
    timestamp: int
    acks: int | str = ACKS_ALL


def parse_headers(raw, encodings=None, field="headers"):
    """[(name, bytes | None)] from [[name, value], ...] or {name: value}.

    `encodings` is one encoding for every value, or a list with one per header.
    """
    if raw in (None, "", [], {}):
        return []
    if isinstance(raw, dict):
        pairs = list(raw.items())
    elif isinstance(raw, list):
        pairs = raw
    else:
        raise InvalidRequest(f"{field} must be a list of [name, value] pairs or an object.", field=field)
    if isinstance(encodings, list) and len(encodings) != len(pairs):
        raise InvalidRequest("header_encodings must have one entry per header.", field="header_encodings")
    headers = []
    for index, pair in enumerate(pairs):
        if not (isinstance(pair, (list, tuple)) and len(pair) == 2):
            raise InvalidRequest(f"{field}[{index}] must be a [name, value] pair.", field=field)
        name, value = pair
        if not isinstance(name, str) or not name:
            raise InvalidRequest(f"{field}[{index}]: a header name must be a non-empty string.", field=field)
        encoding = encodings[index] if isinstance(encodings, list) else encodings
        headers.append((name, from_wire(value, encoding, f"{field}[{index}]") if value is not None else None))
    return headers


def parse_headers_text(text, encoding):
    """Headers typed into the produce form: a JSON list of pairs or a JSON object."""
    if not text.strip():
        return []
    try:
        raw = json.loads(text)
    except ValueError as error:
        raise InvalidRequest(f"headers must be JSON, e.g. {{\"trace\": \"abc\"}}: {error}", field="headers") from None
    return parse_headers(raw, encoding)


def parse_partition(raw, field="partition"):
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) or not isinstance(raw, (int, str)):
        raise InvalidRequest(f"{field} must be a whole number or null.", field=field)
    try:
        partition = int(raw)
    except ValueError:
        raise InvalidRequest(f"{field} must be a whole number or null.", field=field) from None
    if partition < 0:
        raise InvalidRequest(f"{field} cannot be negative.", field=field)
    return partition


def parse_acks(raw, field="acks"):
    """0, 1 or "all" from the API's JSON (numbers or strings) or a form; absent means "all"."""
    if raw is None or raw == "":
        return ACKS_ALL
    if (type(raw) is int and raw in (0, 1)) or raw in ("0", "1"):  # type(): True and 1.0 are not acks
        return int(raw)
    if raw == ACKS_ALL:
        return ACKS_ALL
    raise InvalidRequest('acks must be 0, 1 or "all".', field=field)


def parse_request(data):
    """(key, value, headers, partition) from the API's JSON body, naming the field at fault (acks: parse_acks)."""
    if not isinstance(data, dict):
        raise InvalidRequest("The body must be a JSON object.", field="body")
    key = from_wire(data.get("key"), data.get("key_encoding"), "key")
    value = from_wire(data.get("value"), data.get("value_encoding"), "value")
    encodings = data.get("header_encodings", data.get("headers_encoding"))
    headers = parse_headers(data.get("headers"), encodings)
    return key, value, headers, parse_partition(data.get("partition"))


def produce(cluster, topic, key, value, headers=(), partition=None, *, actor, acks=ACKS_ALL):
    """Write one record and wait for the broker's answer as `acks` asks; a null partition lets the key choose.

    The audit entry has the asked partition, acks, the sizes and the header count; once written,
    the partition and offset the record got.
    """
    details = {"partition": partition, "acks": acks, "key_bytes": None if key is None else len(key),
               "value_bytes": None if value is None else len(value), "headers": len(headers)}
    with AuditEntry.track(actor, "produce", cluster=cluster, target=topic, details=details):
        produced = _produce(cluster, topic, key, value, headers, partition, acks)
        details.update(partition=produced.partition, offset=produced.offset)
    return produced


def _produce(cluster, topic, key, value, headers, partition, acks):
    if key is None and value is None:
        raise InvalidRequest("A record needs a key or a value (a null value needs a key: it is a tombstone).",
                             field="value")
    partitions = kafka_clients.topic_partitions(cluster, topic)
    if partition is not None and partition not in partitions:
        raise InvalidRequest(f"Topic {topic} has no partition {partition} (it has {len(partitions)}).",
                             field="partition")
    acks = parse_acks(acks)
    timeout_s = (settings.KAFKA_REQUEST_TIMEOUT_MS + settings.KAFKA_CONNECT_TIMEOUT_MS) / 1000
    try:
        metadata = kafka_clients.send(cluster, topic, key, value, headers, partition, timeout_s, acks=acks)
    except NotEnoughReplicas as error:
        raise NotEnoughReplicas(_explain_not_enough_replicas(cluster, topic, partition, error),
                                after_append=error.after_append) from error
    # With acks=0 no answer comes back, and the offset kafka-python reports is made up (0, or -1): none is known.
    offset = None if acks == 0 or metadata.offset < 0 else metadata.offset
    return Produced(topic, metadata.partition, offset, metadata.timestamp, acks)


# --- NOT_ENOUGH_REPLICAS, in words ----------------------------------------------------------------

def _explain_not_enough_replicas(cluster, topic, partition, error):
    """Say which partition lacks in-sync replicas, how many it has and needs, and what would be accepted."""
    try:
        isr_by_partition, min_insync = _replica_state(cluster, topic)
    except ServiceError:
        isr_by_partition, min_insync = {}, None
    return not_enough_replicas_text(topic, partition, isr_by_partition, min_insync, error.after_append)


def _replica_state(cluster, topic):
    """({partition: (replicas, isr)}, min.insync.replicas) as Kafka describes them now."""
    def fetch(admin):
        described = admin.describe_topics([topic])
        configs = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
        return described, configs["topic"][topic]

    described, configs = kafka_clients.run_admin(cluster, fetch)
    state = {p["partition_index"]: (list(p["replica_nodes"]), list(p["isr_nodes"]))
             for topic_data in described for p in topic_data["partitions"]}
    entry = configs.get("min.insync.replicas")
    value = entry.get("value") if isinstance(entry, dict) else entry
    return state, int(value) if value not in (None, "") else None


def not_enough_replicas_text(topic, partition, isr_by_partition, min_insync, after_append=False):
    """Kafka's NOT_ENOUGH_REPLICAS in words: e.g. "only 1 of the 3 replicas is in sync; the topic needs 2"."""
    code = "NOT_ENOUGH_REPLICAS_AFTER_APPEND" if after_append else "NOT_ENOUGH_REPLICAS"
    short = {p: state for p, state in isr_by_partition.items()
             if min_insync is not None and len(state[1]) < min_insync}
    if partition is not None and partition in isr_by_partition:
        chosen = partition
    elif short:
        chosen = min(short, key=lambda p: (len(short[p][1]), p))
    else:
        chosen = None
    if chosen is not None and min_insync is not None:
        replicas, isr = isr_by_partition[chosen]
        in_sync = f"only {len(isr)} of the {len(replicas)} replicas of partition {chosen} " \
                  f"{'is' if len(isr) == 1 else 'are'} in sync ({_brokers(isr)})"
        need = f"the topic needs {min_insync} (min.insync.replicas) for acks=all"
    else:
        in_sync = "fewer replicas are in sync than the topic's min.insync.replicas"
        need = "acks=all needs at least that many"
    if after_append:
        what = "The leader wrote the record, but fewer replicas than required confirmed it, so acks=all failed"
    else:
        what = "Kafka refused the record"
    return (f"{what} ({code}): {in_sync}; {need}. acks=1 would be accepted (the leader alone writes it; "
            "consumers see it once enough replicas are in sync again); acks=all works again then too.")


def _brokers(ids):
    if not ids:
        return "none"
    return ("broker " if len(ids) == 1 else "brokers ") + ", ".join(str(i) for i in sorted(ids))
