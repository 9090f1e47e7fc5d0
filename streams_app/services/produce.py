"""Producing one record, with the input checks the API and the produce form share; audited."""
import json
from dataclasses import dataclass

from django.conf import settings

from streams_app.services.decode import from_wire
from topics_app import kafka_clients
from topics_app.errors import InvalidRequest
from topics_app.models import AuditEntry


@dataclass
class Produced:
    topic: str
    partition: int
    offset: int
    timestamp: int


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


def parse_request(data):
    """(key, value, headers, partition) from the API's JSON body, naming the field at fault."""
    if not isinstance(data, dict):
        raise InvalidRequest("The body must be a JSON object.", field="body")
    key = from_wire(data.get("key"), data.get("key_encoding"), "key")
    value = from_wire(data.get("value"), data.get("value_encoding"), "value")
    encodings = data.get("header_encodings", data.get("headers_encoding"))
    headers = parse_headers(data.get("headers"), encodings)
    return key, value, headers, parse_partition(data.get("partition"))


def produce(cluster, topic, key, value, headers=(), partition=None, *, actor):
    """Write one record and wait for the broker's answer; a null partition lets the key choose.

    The audit entry has the asked partition, the sizes and the header count; once written, the
    partition and offset the record got.
    """
    details = {"partition": partition, "key_bytes": None if key is None else len(key),
               "value_bytes": None if value is None else len(value), "headers": len(headers)}
    with AuditEntry.track(actor, "produce", cluster=cluster, target=topic, details=details):
        produced = _produce(cluster, topic, key, value, headers, partition)
        details.update(partition=produced.partition, offset=produced.offset)
    return produced


def _produce(cluster, topic, key, value, headers, partition):
    if key is None and value is None:
        raise InvalidRequest("A record needs a key or a value (a null value needs a key: it is a tombstone).",
                             field="value")
    partitions = kafka_clients.topic_partitions(cluster, topic)
    if partition is not None and partition not in partitions:
        raise InvalidRequest(f"Topic {topic} has no partition {partition} (it has {len(partitions)}).",
                             field="partition")
    timeout_s = (settings.KAFKA_REQUEST_TIMEOUT_MS + settings.KAFKA_CONNECT_TIMEOUT_MS) / 1000
    metadata = kafka_clients.send(cluster, topic, key, value, headers, partition, timeout_s)
    return Produced(topic, metadata.partition, metadata.offset, metadata.timestamp)
