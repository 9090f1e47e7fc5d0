"""The one module that uses kafka-python's clients.

It builds and caches one admin client and one producer per cluster per process, bounds
every call in time, and turns kafka-python's errors into a few project exceptions whose
messages a person can act on. Everything else in Strom calls `run_admin`, `producer` or
`new_consumer` and catches `ServiceError`.
"""
import logging
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor, TimeoutError as FutureTimeout

import kafka.errors as kafka_errors
from django.conf import settings
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import AlterConfigOp, ConfigResource, ConfigResourceType, NewPartitions, OffsetSpec
from kafka.structs import OffsetAndMetadata, TopicPartition

from topics_app.errors import (
    AccessDenied,
    AlreadyExists,
    ClusterUnreachable,
    Conflict,
    Fenced,
    InvalidRequest,
    NotFound,
    ServiceError,
)

# Re-exported so the rest of Strom never imports kafka-python itself.
__all__ = ["AlterConfigOp", "ConfigResource", "ConfigResourceType", "NewPartitions", "OffsetAndMetadata",
           "OffsetSpec", "TopicPartition", "UnknownTopicOrPartitionError"]
UnknownTopicOrPartitionError = kafka_errors.UnknownTopicOrPartitionError

log = logging.getLogger(__name__)


_UNREACHABLE = (
    kafka_errors.KafkaTimeoutError,
    kafka_errors.KafkaConnectionError,
    kafka_errors.NodeNotReadyError,
    kafka_errors.RequestTimedOutError,
)
# What a node that cannot be reached raises: one dead node of several leaves the others' answers usable.
UNREACHABLE_ERRORS = _UNREACHABLE


def broker_message(error):
    """The broker's own explanation inside a kafka-python error, without the request dump around it."""
    text = str(error)
    found = re.search(r"error_message=(['\"])(.+?)\1[,)]", text)
    return found[2] if found else re.sub(r"^\[Error \d+\] \w+: ", "", text)


def config_named_in(text):
    found = re.search(r"(?:configuration|config name:?) ([a-z0-9.]+[a-z0-9])", text)
    return found[1] if found else "configs"


def translate(error, cluster):
    """Map a kafka-python exception to a project exception."""
    if isinstance(error, ServiceError):
        return error
    text = broker_message(error)
    if isinstance(error, _UNREACHABLE):
        return unreachable(cluster)
    if isinstance(error, (kafka_errors.ProducerFencedError, kafka_errors.InvalidProducerEpochError)):
        return Fenced("Another producer with the same transactional id took over.")
    if isinstance(error, (kafka_errors.NotEnoughReplicasError, kafka_errors.NotEnoughReplicasAfterAppendError)):
        return NotEnoughReplicas(text, after_append=isinstance(error, kafka_errors.NotEnoughReplicasAfterAppendError))
    if isinstance(error, kafka_errors.TopicAlreadyExistsError):
        return AlreadyExists(text or "A topic with this name already exists.", field="name")
    if isinstance(error, (kafka_errors.UnknownTopicOrPartitionError, kafka_errors.UnknownTopicIdError)):
        return NotFound("No such topic or partition.")
    if isinstance(error, kafka_errors.GroupIdNotFoundError):
        return NotFound("No such consumer group.")
    if isinstance(error, kafka_errors.NonEmptyGroupError):
        return Conflict("The consumer group still has active members; stop them first.")
    # Kafka answers a commit from outside a live group with these: the group has members.
    if isinstance(error, (kafka_errors.UnknownMemberIdError, kafka_errors.IllegalGenerationError,
                          kafka_errors.RebalanceInProgressError)):
        return Conflict("The consumer group has active members; Kafka only changes the offsets of an "
                        "empty group. Stop its consumers first.")
    if isinstance(error, kafka_errors.InvalidReplicationFactorError):
        return InvalidRequest(text, field="replication_factor")
    if isinstance(error, kafka_errors.InvalidPartitionsError):
        return InvalidRequest(text, field="partitions")
    if isinstance(error, kafka_errors.InvalidTopicError):
        return InvalidRequest(text, field="name")
    if isinstance(error, (kafka_errors.InvalidConfigurationError, kafka_errors.PolicyViolationError)):
        return InvalidRequest(text, field=config_named_in(text))
    if isinstance(error, (kafka_errors.AuthorizationError, kafka_errors.SaslAuthenticationFailedError)):
        return AccessDenied(f"The cluster refused Strom's credentials: {text}")
    if isinstance(error, kafka_errors.BrokerResponseError):
        return InvalidRequest(f"Kafka refused the request: {text}")
    return ServiceError(f"Kafka error: {text}")


def unreachable(cluster):
    return ClusterUnreachable(f"cannot reach cluster {cluster.name} at {cluster.bootstrap_servers}")


def _timeouts():
    request_ms = settings.KAFKA_REQUEST_TIMEOUT_MS
    return {
        "request_timeout_ms": request_ms,
        "reconnect_backoff_max_ms": 1000,
        "client_id": "strom",
    }


_lock = threading.Lock()
_admins = {}
_producers = {}
# Admin calls run here so that each has a hard deadline, whatever kafka-python does inside.
_calls = ThreadPoolExecutor(max_workers=16, thread_name_prefix="strom-kafka")


def _cache_key(cluster):
    return (cluster.pk, cluster.connection_fingerprint)


def _admin(cluster):
    key = _cache_key(cluster)
    with _lock:
        client = _admins.get(key)
    if client is not None:
        return client
    client = KafkaAdminClient(
        **cluster.client_config(),
        **_timeouts(),
        bootstrap_timeout_ms=settings.KAFKA_CONNECT_TIMEOUT_MS,
    )
    with _lock:
        existing = _admins.setdefault(key, client)
    if existing is not client:
        client.close()
    return existing


def forget(cluster):
    """Drop (and close in the background) the cached clients of a cluster, e.g. after it failed."""
    key = _cache_key(cluster)
    with _lock:
        stale = [_admins.pop(key, None)] + [_producers.pop(k) for k in list(_producers) if k[0] == key]
    for client in filter(None, stale):
        _calls.submit(_close_quietly, client)


def _close_quietly(client, **close_args):
    try:
        client.close(**close_args)
    except Exception:  # closing a client of a dead cluster may raise anything; it is going away
        log.debug("error while closing a kafka client", exc_info=True)


def run_admin(cluster, operation, timeout_s=None):
    """Call `operation(admin_client)` with a hard deadline; return its result or raise ServiceError."""
    deadline = timeout_s or (settings.KAFKA_REQUEST_TIMEOUT_MS + 500) / 1000

    def call():
        return operation(_admin(cluster))

    future = _calls.submit(call)
    try:
        return future.result(timeout=deadline)
    except FutureTimeout:
        forget(cluster)
        raise unreachable(cluster) from None
    except ServiceError:
        raise
    except kafka_errors.KafkaError as error:
        translated = translate(error, cluster)
        if isinstance(translated, ClusterUnreachable):
            forget(cluster)
        raise translated from error


# --- producing, with acks ---------------------------------------------------------------------
# kafka-python fixes acks per producer instance, so the shared producers are one per cluster and acks.

ACKS_CHOICES = (0, 1, "all")
# A few retries ride out a leader change (metadata is refreshed between them), yet a refusal that
# lasts, like NOT_ENOUGH_REPLICAS, comes back within a second instead of after the delivery timeout.
PRODUCE_RETRIES = 3


class NotEnoughReplicas(Conflict):
    """The partition has fewer in-sync replicas than min.insync.replicas, so acks=all cannot be met."""

    def __init__(self, message, after_append=False, field="acks"):
        super().__init__(message, field=field)
        self.after_append = after_append


def producer(cluster, acks="all", **overrides):
    """The cluster's shared producer for `acks` (thread-safe). Overrides make a separate, uncached producer."""
    if overrides:
        return _new_producer(cluster, acks=acks, **overrides)
    key = (_cache_key(cluster), acks)
    with _lock:
        client = _producers.get(key)
    if client is None:
        client = _new_producer(cluster, **_shared_producer_config(acks))
        with _lock:
            existing = _producers.setdefault(key, client)
        if existing is not client:
            client.close()
            client = existing
    return client


def _shared_producer_config(acks):
    if acks not in ACKS_CHOICES:
        raise InvalidRequest('acks must be 0, 1 or "all".', field="acks")
    config = {"acks": acks, "retries": PRODUCE_RETRIES}
    if acks != "all":
        config["enable_idempotence"] = False  # idempotence needs acks=all
    return config


def send(cluster, topic, key, value, headers, partition, timeout_s, acks="all"):
    """Write one record with the cluster's shared producer for `acks` and wait for the broker's answer.

    A refused record can leave kafka-python's idempotent producer in a fatal state in which it
    refuses every later record, to any topic. So a producer that failed a send is dropped and the
    next request gets a new one: one request's error never reaches the next.
    """
    client = producer(cluster, acks)
    try:
        return client.send(topic, key=key, value=value, headers=list(headers), partition=partition).get(
            timeout=timeout_s)
    except kafka_errors.KafkaError as error:
        _drop_producer(cluster, client, acks)
        raise translate(error, cluster) from error


def _drop_producer(cluster, client, acks):
    key = (_cache_key(cluster), acks)
    with _lock:
        if _producers.get(key) is client:
            del _producers[key]
    # Bounded: other requests' records in flight get their answer; a dead cluster holds no thread for good.
    _calls.submit(_close_quietly, client, timeout=settings.KAFKA_REQUEST_TIMEOUT_MS / 1000)


def _new_producer(cluster, **overrides):
    config = {**cluster.client_config(), **_timeouts(), "max_block_ms": settings.KAFKA_CONNECT_TIMEOUT_MS,
              "linger_ms": 5, "acks": "all", **overrides}
    try:
        return KafkaProducer(**config)
    except kafka_errors.KafkaError as error:
        raise translate(error, cluster) from error

# --- end of producing ----------------------------------------------------------------------------


def error_for_code(name, cluster):
    """The project exception for a per-item error that kafka-python reports by class or class name."""
    error_class = name if isinstance(name, type) else getattr(kafka_errors, str(name), None)
    if error_class is None or not issubclass(error_class, Exception):
        return ServiceError(f"Kafka error: {name}")
    return translate(error_class(), cluster)


def is_no_error(error):
    return error in (None, "OK", kafka_errors.NoError) or error is kafka_errors.NoError


def new_consumer(cluster, **overrides):
    """A new consumer; the caller closes it. No group id by default, so it never commits."""
    config = {**cluster.client_config(), **_timeouts(), "group_id": None, "enable_auto_commit": False,
              "consumer_timeout_ms": 1000, "allow_auto_create_topics": False, **overrides}
    config["request_timeout_ms"] = max(config["request_timeout_ms"], 5000)
    try:
        return KafkaConsumer(**config)
    except kafka_errors.KafkaError as error:
        raise translate(error, cluster) from error


def call(cluster, operation):
    """Run `operation()` (e.g. a consumer call), turning kafka-python's errors into project ones."""
    try:
        return operation()
    except ServiceError:
        raise
    except kafka_errors.KafkaError as error:
        raise translate(error, cluster) from error


class StepStalled(ClusterUnreachable):
    """A step that did not return in its time: kafka-python waits without end for some transactional answers
    (a coordinator that died while the request was in flight); the client that took it must be replaced."""


def call_within(cluster, operation, timeout_s):
    """call(), bounded in time: StepStalled when `operation` has not returned after `timeout_s`. The step is left
    to a daemon thread, so a client stuck in it never holds the caller or keeps the process from ending."""
    outcome = {}

    def run():
        try:
            outcome["value"] = call(cluster, operation)
        except BaseException as error:  # handed to the caller below
            outcome["error"] = error

    thread = threading.Thread(target=run, name="strom-bounded-step", daemon=True)
    thread.start()
    thread.join(timeout_s)
    if thread.is_alive():
        raise StepStalled(f"Kafka ({cluster.name}) did not answer within {timeout_s:g} s.")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def topic_partitions(cluster, topic):
    """The sorted partition ids of a topic; NotFound if it does not exist (and never creates it)."""
    described = run_admin(cluster, lambda admin: admin.describe_topics([topic]))
    if not described or described[0]["error_code"] == kafka_errors.UnknownTopicOrPartitionError.errno:
        raise NotFound(f"No topic named {topic!r} in cluster {cluster.name}.", field="topic")
    if described[0]["error_code"]:
        error_class = kafka_errors.for_code(described[0]["error_code"])
        raise translate(error_class(), cluster)
    return sorted(p["partition_index"] for p in described[0]["partitions"])


# A coordinator that is not there yet (a fresh cluster creates __consumer_offsets on the first request) or is
# moving (its node died) is asked again for this long; then the error stands.
COORDINATOR_WAIT_S = 12


def committed_offsets(cluster, group, partitions):
    """{TopicPartition: OffsetAndMetadata} the group has committed for `partitions` (missing: none yet)."""
    def fetch(admin):
        deadline = time.monotonic() + COORDINATOR_WAIT_S
        while True:
            try:
                return admin.list_group_offsets({group: list(partitions)})
            except kafka_errors.RetriableError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    found = run_admin(cluster, fetch, timeout_s=COORDINATOR_WAIT_S + 5)
    return {tp: meta for tp, meta in found.get(group, {}).items() if meta.offset >= 0}
