"""confluent-kafka's clients for the jobs' bulk data: the generator's and ingest's producer, the replay's
reader and transactional writer.

librdkafka batches, compresses and sends in C threads: several times the records per second kafka-python's
producer reaches from one Python thread. Everything else in Strom (administration, browsing, producing one
record, the live reader) stays on kafka-python through `kafka_clients`; the connection settings of both come
from the one Cluster model (`client_config`, `librdkafka_config`), and the errors of both become the same
project exceptions here and in `kafka_clients.translate`.
"""
import time

import kafka.errors as kafka_errors
from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition

from topics_app.errors import ClusterUnreachable, NotFound, ServiceError
from topics_app.kafka_clients import translate, unreachable

# librdkafka's own (negative) codes for a cluster it cannot reach or that did not answer in time.
_UNREACHABLE_CODES = {KafkaError._TRANSPORT, KafkaError._ALL_BROKERS_DOWN, KafkaError._TIMED_OUT,
                      KafkaError._MSG_TIMED_OUT, KafkaError._RESOLVE}
_UNKNOWN_CODES = {KafkaError._UNKNOWN_TOPIC, KafkaError._UNKNOWN_PARTITION}


def translate_librdkafka(error, cluster):
    """A confluent-kafka KafkaError as the project exception kafka-python's error of the same code becomes."""
    code = error.code()
    if code == KafkaError._AUTHENTICATION:
        return translate(kafka_errors.SaslAuthenticationFailedError(error.str()), cluster)
    if code in _UNREACHABLE_CODES:
        return unreachable(cluster)
    if code in _UNKNOWN_CODES:
        return NotFound("No such topic or partition.")
    if code >= 0:
        return translate(kafka_errors.for_code(code)(error.str()), cluster)
    return ServiceError(f"Kafka error: {error.str()}")


_REFUSED_CODES = {KafkaError._AUTHENTICATION, KafkaError.SASL_AUTHENTICATION_FAILED}


class _Client:
    """librdkafka only logs a refused login (a wrong password) and tries again, so a call waited out its whole
    timeout and then said the cluster could not be reached. Each client keeps the refusal its error callback
    saw, and raises it as kafka-python's refusal is raised."""

    refusal = None

    def _on_error(self, error):
        if error.code() in _REFUSED_CODES and self.refusal is None:
            self.refusal = error

    def _raise_refusal(self):
        if self.refusal is not None:
            raise translate_librdkafka(self.refusal, self.cluster)


class _Producing(_Client):
    """What both producers share. Keys are spread over partitions with murmur2, as Java's and kafka-python's
    producers do (librdkafka's own default differs), so a key lands where every other client puts it."""

    failure = None

    def _new_producer(self, **config):
        self._producer = Producer({
            **self.cluster.librdkafka_config(),
            "acks": "all", "enable.idempotence": True, "partitioner": "murmur2_random",
            "linger.ms": 20, "batch.size": 1_000_000, "queue.buffering.max.messages": 500_000,
            # librdkafka's producer asks brokers to create a topic it does not find; a job makes its topic itself.
            "allow.auto.create.topics": False,
            # A report only for a record that failed: one Python call per record costs a tenth of the rate.
            "on_delivery": self._delivered, "delivery.report.only.error": True, "error_cb": self._on_error,
            **config,
        })

    def _delivered(self, error, _message):
        if error is not None and self.failure is None:
            self.failure = error

    def _raise_failure(self):
        if self.failure is not None:
            raise translate_librdkafka(self.failure, self.cluster)

    def _produce(self, topic, value, key, partition, timestamp_ms, headers):
        while True:
            try:
                self._producer.produce(topic, value, key, partition, timestamp=timestamp_ms or 0,
                                       headers=headers or None)
                return
            except BufferError:
                # librdkafka's queue is full: let it send, and serve the delivery reports meanwhile.
                self._producer.poll(0.05)

    def _drop(self):
        """Drop what is still queued and let go of the client. librdkafka frees it with the object, which its
        callbacks, bound to this one, would otherwise keep alive (and reconnecting to a cluster that is gone)
        until a garbage collection."""
        self._producer.purge()
        self._producer.flush(0)
        self._producer = None


class BulkProducer(_Producing):
    """Sends many records without waiting for each; `check()` and `flush()` raise the first that failed."""

    def __init__(self, cluster, **config):
        self.cluster = cluster
        self._new_producer(**{"message.timeout.ms": 60_000, **config})

    def send(self, topic, key, value, headers=None, timestamp_ms=None, partition=None):
        self._produce(topic, value, key, -1 if partition is None else partition, timestamp_ms, headers)

    def check(self):
        """Serve the delivery reports that are in; raise the first failure."""
        self._producer.poll(0)
        self._raise_refusal()
        self._raise_failure()

    def flush(self, timeout_s):
        """Wait until every record sent so far is written (or failed); raise the first failure."""
        deadline = time.monotonic() + timeout_s
        while True:
            left = self._producer.flush(min(0.5, max(0.0, deadline - time.monotonic())))
            self.check()
            if not left:
                return
            if time.monotonic() >= deadline:
                raise unreachable(self.cluster)

    def close(self):
        """After a failure or a cancel, what is still queued is dropped."""
        self._drop()


# A coordinator that is not there yet (a fresh cluster creates __consumer_offsets on the first request) or is
# moving (its node died) is asked again for this long; then the error stands.
COORDINATOR_WAIT_S = 12
_COORDINATOR_CODES = {KafkaError.NOT_COORDINATOR, KafkaError.COORDINATOR_NOT_AVAILABLE,
                      KafkaError.COORDINATOR_LOAD_IN_PROGRESS}


class TransactionInterrupted(ClusterUnreachable):
    """A transactional step failed in a way a new producer recovers from (a coordinator or leader moved, the
    transaction must be aborted): the caller starts again from the last committed offsets."""


def _translated(exception, cluster):
    error = exception.args[0]
    if not error.fatal() and (error.retriable() or error.txn_requires_abort()):
        return TransactionInterrupted(f"Kafka ({cluster.name}) interrupted a transaction: {error.str()}")
    return translate_librdkafka(error, cluster)


def _librdkafka_call(cluster, operation, *args):
    try:
        return operation(*args)
    except KafkaException as exception:
        raise _translated(exception, cluster) from None


class BulkReader(_Client):
    """A consumer of one topic's assigned partitions, reading committed records only, that tells where each
    partition's readable end is (so a range that ends on a transaction marker is known to be read)."""

    def __init__(self, cluster, topic, group_id):
        self.cluster, self.topic = cluster, topic
        # librdkafka wants a group id; assign() never joins the group and nothing is committed through it.
        self._consumer = Consumer({
            **cluster.librdkafka_config(), "group.id": group_id, "enable.auto.commit": False,
            "enable.auto.offset.store": False, "isolation.level": "read_committed", "enable.partition.eof": True,
            "auto.offset.reset": "earliest", "fetch.max.bytes": 64 * 1024 * 1024,
            "max.partition.fetch.bytes": 8 * 1024 * 1024, "queued.max.messages.kbytes": 256 * 1024,
            "error_cb": self._on_error,
        })

    def assign(self, positions):
        """Read each partition from its offset ({partition: offset})."""
        _librdkafka_call(self.cluster, self._consumer.assign,
                         [TopicPartition(self.topic, p, offset) for p, offset in positions.items()])

    def pause(self, partitions):
        _librdkafka_call(self.cluster, self._consumer.pause, [TopicPartition(self.topic, p) for p in partitions])

    def read(self, max_records, timeout_s):
        """([(partition, offset, key, value, headers, timestamp ms)], {partition: readable end reached})."""
        records, ends = [], {}
        messages = _librdkafka_call(self.cluster, self._consumer.consume, max_records, timeout_s)
        self._raise_refusal()
        for message in messages:
            error = message.error()
            if error is None:
                records.append((message.partition(), message.offset(), message.key(), message.value(),
                                message.headers() or [], message.timestamp()[1]))
            elif error.code() == KafkaError._PARTITION_EOF:
                ends[message.partition()] = message.offset()
            else:
                raise translate_librdkafka(error, self.cluster)
        return records, ends

    def close(self):
        self._consumer.close()


class TransactionalWriter(_Producing):
    """A transactional producer whose every transaction also commits the next source offsets of a group (kept
    on the same cluster), so records and offsets land together or not at all."""

    def __init__(self, cluster, transactional_id, group_id):
        self.cluster = cluster
        self._new_producer(**{"transactional.id": transactional_id, "transaction.timeout.ms": 60_000})
        # The group's metadata for send_offsets_to_transaction, and its committed offsets; it never joins.
        self._group = Consumer({**cluster.librdkafka_config(), "group.id": group_id, "enable.auto.commit": False})

    def init(self, timeout_s):
        """Fence any earlier producer with this transactional id and abort its open transaction."""
        # In slices: a refused login shows only in the error callback, which runs between them.
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                self._producer.init_transactions(min(5.0, max(0.1, deadline - time.monotonic())))
                return
            except KafkaException as exception:
                self._producer.poll(0)
                self._raise_refusal()
                if not exception.args[0].retriable() or time.monotonic() >= deadline:
                    raise _translated(exception, self.cluster) from None

    def committed(self, topic, partitions, timeout_s):
        """{partition: (offset, metadata)} the group has committed (partitions without one are left out). A
        coordinator that is not there yet (a fresh cluster makes __consumer_offsets on the first request) or is
        moving (its node died) is asked again for up to COORDINATOR_WAIT_S."""
        deadline = time.monotonic() + COORDINATOR_WAIT_S
        while True:
            try:
                found = self._group.committed([TopicPartition(topic, p) for p in partitions], timeout_s)
                return {tp.partition: (tp.offset, tp.metadata or "") for tp in found if tp.offset >= 0}
            except KafkaException as exception:
                if exception.args[0].code() not in _COORDINATOR_CODES or time.monotonic() > deadline:
                    raise _translated(exception, self.cluster) from None
                time.sleep(0.5)

    def begin(self):
        _librdkafka_call(self.cluster, self._producer.begin_transaction)

    def send_all(self, topic, records, same_partition):
        """Send BulkReader records ((partition, offset, key, value, headers, timestamp ms)), each to the partition
        it came from when `same_partition`, else to the one its key picks."""
        for partition, _offset, key, value, headers, timestamp_ms in records:
            self._produce(topic, value, key, partition if same_partition else -1, timestamp_ms, headers)

    def commit(self, topic, offsets, timeout_s):
        """Commit the transaction with the group's next offsets ({partition: (offset, metadata)})."""
        positions = [TopicPartition(topic, p, offset, metadata=metadata) for p, (offset, metadata) in offsets.items()]
        _librdkafka_call(self.cluster, self._producer.send_offsets_to_transaction, positions,
                         self._group.consumer_group_metadata(), timeout_s)
        _librdkafka_call(self.cluster, self._producer.commit_transaction, timeout_s)
        self._raise_failure()

    def close(self):
        self._drop()
        self._group.close()
        self._group = None
