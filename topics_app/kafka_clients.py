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
from kafka.admin import AlterConfigOp, ConfigResource, ConfigResourceType, NewPartitions, OffsetSpec
from kafka.structs import OffsetAndMetadata, TopicPartition

from topics_app.errors import (
    AccessDenied,
    AlreadyExists,
    ClusterUnreachable,
    Conflict,
    Fenced,
    InvalidRequest,
    NotEnoughReplicas,
    NotFound,
    ServiceError,
)
from topics_app.kafka_fixes import AdminClient, Consumer, NetClient, Producer

# Re-exported so the rest of Strom never imports kafka-python itself.
__all__ = ["AlterConfigOp", "ConfigResource", "ConfigResourceType", "NewPartitions", "OffsetAndMetadata",
           "OffsetSpec", "TopicPartition", "UnknownTopicOrPartitionError"]
UnknownTopicOrPartitionError = kafka_errors.UnknownTopicOrPartitionError

log = logging.getLogger(__name__)

# What a node that cannot be reached raises: one dead node of several leaves the others' answers usable.
UNREACHABLE_ERRORS = (
    # A request whose connection was closed under it: another request found the cluster unreachable and
    # dropped the client they shared.
    kafka_errors.Cancelled,
    kafka_errors.KafkaTimeoutError,
    kafka_errors.KafkaConnectionError,
    kafka_errors.NodeNotReadyError,
    kafka_errors.RequestTimedOutError,
)


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
    if isinstance(error, UNREACHABLE_ERRORS):
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


def _common_settings():
    """What every kafka-python client of Strom's gets besides the cluster's connection settings."""
    return {
        "request_timeout_ms": settings.KAFKA_REQUEST_TIMEOUT_MS,
        "reconnect_backoff_max_ms": 1000,
        "client_id": "strom",
        "kafka_client": NetClient,
    }


# Strom creates a topic only when a person asks: its producers and consumers never ask a broker to make one.
_NEVER_CREATE_TOPICS = {"allow_auto_create_topics": False}  # (an admin client refuses the setting)
# kafka-python fails a request at once ("Node paused: max_in_flight") when a connection already has this many
# waiting; its default of 5 made a burst of calls to one cluster (a topic list's requests to every leader, a
# hundred live viewers opening) fail as if the node were down. A broker answers one connection's requests in
# order, so more in flight only queue there.
ADMIN_IN_FLIGHT = 1000
_lock = threading.Lock()
_admins = {}
_building = {}
_producers = {}
# Admin calls run in a pool of the cluster's own, so that each has a hard deadline whatever kafka-python does
# inside, and a dead cluster's calls, each waiting out its deadline, never hold up another cluster's.
CALLS_PER_CLUSTER = 16
# How long a call may wait for a free thread of its cluster's pool. A burst (a hundred live viewers opening at
# once) waits here; the wait is not the cluster's fault, so it neither counts against the call's deadline nor
# makes Strom drop the client that the calls before it are using.
QUEUE_WAIT_S = 30
_pools = {}
_closing = ThreadPoolExecutor(max_workers=4, thread_name_prefix="strom-kafka-close")


def _pool(cluster):
    with _lock:
        pool = _pools.get(cluster.pk)
        if pool is None:
            pool = _pools[cluster.pk] = ThreadPoolExecutor(max_workers=CALLS_PER_CLUSTER,
                                                           thread_name_prefix=f"strom-kafka-{cluster.pk}")
    return pool


def _connecting_s():
    """Building a client: its bootstrap is bounded by the connect timeout, plus time to build the client and
    hear why the bootstrap failed, with room for a busy machine."""
    return settings.KAFKA_CONNECT_TIMEOUT_MS / 1000 + 2


def _cache_key(cluster):
    return (cluster.pk, cluster.connection_fingerprint)


def _admin(cluster):
    """The cluster's shared admin client. One thread builds it while the others wait: a burst of calls each
    building (and bootstrapping) a client of its own loaded a busy machine until some ran past their deadline."""
    key = _cache_key(cluster)
    with _lock:
        client = _admins.get(key)
        building = _building.setdefault(key, threading.Lock())
    if client is not None:
        return client
    # Bounded, like the call: a build that never ends must not hold every later call of the cluster.
    if not building.acquire(timeout=_connecting_s()):
        raise kafka_errors.KafkaTimeoutError("another call is still connecting to the cluster")
    try:
        with _lock:
            client = _admins.get(key)
        if client is None:
            client = AdminClient(**cluster.client_config(), **_common_settings(),
                                 bootstrap_timeout_ms=settings.KAFKA_CONNECT_TIMEOUT_MS,
                                 max_in_flight_requests_per_connection=ADMIN_IN_FLIGHT)
            with _lock:
                _admins[key] = client
    finally:
        building.release()
    return client


def forget(cluster):
    """Drop (and close in the background) the cached clients of a cluster, e.g. after it failed."""
    key = _cache_key(cluster)
    with _lock:
        stale = [_admins.pop(key, None)] + [_producers.pop(k) for k in list(_producers) if k[0] == key]
    for client in filter(None, stale):
        _closing.submit(_close_quietly, client)


def _close_quietly(client, **close_args):
    try:
        client.close(**close_args)
    except Exception:  # closing a client of a dead cluster may raise anything; it is going away
        log.debug("error while closing a kafka client", exc_info=True)


# A cluster that refused Strom's login is not asked again with the same settings for this long: each new try
# is another failed login on the broker, and whether a try ends in the refusal or in a dropped connection before
# it is a matter of timing, so repeated tries answered one request "refused" and the next "cannot reach".
REFUSAL_MEMORY_S = 30
_refusals = {}


def _admin_unless_refused(cluster):
    key = _cache_key(cluster)
    refused = _refusals.get(key)
    if refused is not None:
        if time.monotonic() - refused[1] < REFUSAL_MEMORY_S:
            raise refused[0]
        _refusals.pop(key, None)
    return _admin(cluster)


def run_admin(cluster, operation, timeout_s=None):
    """Call `operation(admin_client)` with a hard deadline; return its result or raise ServiceError."""
    deadline = timeout_s or (settings.KAFKA_REQUEST_TIMEOUT_MS + 500) / 1000
    started, connected = threading.Event(), threading.Event()

    def call():
        started.set()
        admin = _admin_unless_refused(cluster)
        connected.set()
        try:
            return operation(admin)
        except RuntimeError:
            if admin._closed:  # another call found the cluster unreachable and dropped this client
                raise kafka_errors.Cancelled() from None
            raise

    future = _pool(cluster).submit(call)
    if not started.wait(QUEUE_WAIT_S) and future.cancel():
        raise ClusterUnreachable(f"Strom has too many requests in flight to cluster {cluster.name}; "
                                 "try again in a moment.")
    try:
        # The deadline is for Kafka's answer: building the client first has a bound of its own.
        if not connected.wait(_connecting_s()) and not future.done():
            raise FutureTimeout
        return future.result(timeout=deadline)
    except FutureTimeout:
        log.warning("A call to cluster %s had no answer in time; dropping its clients.", cluster.name)
        forget(cluster)
        raise unreachable(cluster) from None
    except ServiceError:
        raise
    except kafka_errors.KafkaError as error:
        translated = translate(error, cluster)
        refused = isinstance(error, kafka_errors.SaslAuthenticationFailedError)
        if refused:
            _refusals.setdefault(_cache_key(cluster), (error, time.monotonic()))
        if refused or isinstance(translated, ClusterUnreachable):
            log.warning("A call to cluster %s failed (%r); dropping its clients.", cluster.name, error)
            forget(cluster)
        raise translated from error


# --- producing, with acks ---------------------------------------------------------------------
# kafka-python fixes acks per producer instance, so the shared producers are one per cluster and acks.

ACKS_CHOICES = (0, 1, "all")
# A few retries ride out a leader change (metadata is refreshed between them), yet a refusal that
# lasts, like NOT_ENOUGH_REPLICAS, comes back within a second instead of after the delivery timeout.
PRODUCE_RETRIES = 3


def producer(cluster, acks="all"):
    """The cluster's shared producer for `acks` (thread-safe)."""
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
    next request gets a new one: one request's error never reaches the next. A topic deleted since the
    caller checked it makes the producer wait for metadata that never comes: that is NotFound.
    """
    client = producer(cluster, acks)
    try:
        return client.send(topic, key=key, value=value, headers=list(headers), partition=partition).get(
            timeout=timeout_s)
    except kafka_errors.KafkaError as error:
        _drop_producer(cluster, client, acks)
        if isinstance(error, (kafka_errors.KafkaTimeoutError, kafka_errors.UnknownTopicOrPartitionError)):
            topic_partitions(cluster, topic)
        raise translate(error, cluster) from error


def _drop_producer(cluster, client, acks):
    key = (_cache_key(cluster), acks)
    with _lock:
        if _producers.get(key) is client:
            del _producers[key]
    # Bounded: other requests' records in flight get their answer; a dead cluster holds no thread for good.
    _closing.submit(_close_quietly, client, timeout=settings.KAFKA_REQUEST_TIMEOUT_MS / 1000)


def _new_producer(cluster, **overrides):
    config = {**cluster.client_config(), **_common_settings(), **_NEVER_CREATE_TOPICS,
              "max_block_ms": settings.KAFKA_CONNECT_TIMEOUT_MS, "linger_ms": 5, "acks": "all", **overrides}
    try:
        return Producer(**config)
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


# For a consumer that serves one request (a page of messages): kafka-python sleeps the retry backoff in a
# poll that finds nothing to fetch yet, as a new consumer's first polls do while it learns the leaders.
ONE_REQUEST = {"retry_backoff_ms": 5}


def new_consumer(cluster, **overrides):
    """A new consumer; the caller closes it. No group id by default, so it never commits."""
    config = {**cluster.client_config(), **_common_settings(), **_NEVER_CREATE_TOPICS, "group_id": None,
              "enable_auto_commit": False, "consumer_timeout_ms": 1000, **overrides}
    config["request_timeout_ms"] = max(config["request_timeout_ms"], 5000)
    try:
        return Consumer(**config)
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


def topic_partitions(cluster, topic):
    """The sorted partition ids of a topic; NotFound if it does not exist (and never creates it)."""
    described = run_admin(cluster, lambda admin: admin.describe_topics([topic]))
    if not described or described[0]["error_code"] == kafka_errors.UnknownTopicOrPartitionError.errno:
        raise NotFound(f"No topic named {topic!r} in cluster {cluster.name}.", field="topic")
    if described[0]["error_code"]:
        error_class = kafka_errors.for_code(described[0]["error_code"])
        raise translate(error_class(), cluster)
    return sorted(p["partition_index"] for p in described[0]["partitions"])
