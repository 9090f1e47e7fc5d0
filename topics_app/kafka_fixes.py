"""kafka-python 3.0.12 with the fixes Strom needs, for kafka_clients to build its clients from. Each subclass
reaches into kafka-python's internals, which is safe only while that version stays pinned.
"""
import time

import kafka.errors as kafka_errors
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.consumer.fetcher import Fetcher
from kafka.net.compat import KafkaNetClient
from kafka.net.inet import create_connection
from kafka.net.manager import KafkaConnectionManager
from kafka.net.selector import NetworkSelector
from kafka.net.transport import KafkaSSLTransport, KafkaTCPTransport
from kafka.record.default_records import DefaultRecordBatch
from kafka.record.util import decode_varint


class _ReadsBeforeClosing:
    """kafka-python 3.0.12's reading of a socket, except that bytes arriving in the same read as the peer's
    close are handed over, and the requests they answer have run, before the connection is closed. A broker
    refusing a login sends its answer and closes at once; kafka-python dropped the answer, or failed the
    connection before its login step read it, and reported a lost connection, so a wrong password was now and
    then answered "cannot reach the cluster"."""

    async def _read_from_sock(self):
        while self._read and not self._closed:
            await self._net.wait_read(self._sock)
            received, error = self._sock_recv()
            if self._protocol is None:  # closed by another task while this one waited to read
                return None
            if received:
                self.last_read = time.monotonic()
                try:
                    self._protocol.data_received(received)
                except kafka_errors.KafkaProtocolError as protocol_error:
                    return self.abort(error=protocol_error)
            if error:
                if received:
                    # The answer woke the request that waited for it, but that request runs later: aborting now
                    # failed the connection as "lost" before the request could read a refused login in it.
                    await self._net.sleep(0)
                    if self._closed or self._protocol is None:
                        return None
                return self.abort(error=error)


class _TCPTransport(_ReadsBeforeClosing, KafkaTCPTransport):
    pass


class _SSLTransport(_ReadsBeforeClosing, KafkaSSLTransport):
    pass


class _ConnectionManager(KafkaConnectionManager):
    """kafka-python's, remembering a refused login, keeping two settings the client was given, and asking for
    new metadata when a request is for a node the metadata lacks (see get_connection).

    kafka-python 3.0.12 raises a node's refused login (a wrong SASL password) on the next connection attempt,
    but only one its connect step saw fail; a refusal comes later, in the connection's initialize(), which
    keeps it to itself. So the bootstrap asked again until it timed out, and Strom said it could not reach a
    cluster that had answered "wrong password".

    It also builds the client's metadata without two of the client's settings:
    - `allow_auto_create_topics`, so every producer and consumer asked brokers to create the topics it asked
      about. On a broker with auto.create.topics.enable (Kafka's default), a record sent to a topic deleted a
      moment before made the topic again;
    - `retry_backoff_ms`, so a new consumer waited kafka-python's default 100 ms after its bootstrap before it
      asked for the metadata of the topic it was given, whatever the consumer's own backoff.
    """

    def __init__(self, net, **configs):
        super().__init__(net, **configs)
        for name in ("allow_auto_create_topics", "retry_backoff_ms"):
            if name in configs:
                self.cluster.config[name] = configs[name]

    async def _build_transport(self, node, timeout_at=None):
        # kafka-python's, with the transports above.
        sock = await create_connection(self._net, node.host, node.port, self.config["socket_options"],
                                       proxy_url=self.config["proxy_url"], timeout_at=timeout_at)
        if self.ssl_enabled:
            ssl_configs = {key: value for key, value in self.config.items() if key.startswith("ssl_")}
            transport = _SSLTransport(self._net, sock, host=node.host, **ssl_configs)
        else:
            transport = _TCPTransport(self._net, sock, host=node.host)
        try:
            await transport.handshake()
        except Exception as error:
            raise kafka_errors.KafkaConnectionError(f"Handshake failed: {error}")
        return transport

    async def _connect(self, node, conn, *args, **kwargs):
        await super()._connect(node, conn, *args, **kwargs)
        conn.init_future.add_errback(self._remember_refusal, node.node_id)

    def get_connection(self, node_id, *args, **kwargs):
        try:
            return super().get_connection(node_id, *args, **kwargs)
        except kafka_errors.UnknownBrokerIdError:
            # A node that was down at the client's last metadata refresh is missing from its metadata until the
            # next one, up to metadata_max_age_ms (5 minutes) later, and nothing else asks for one: after a
            # node's restart, every request to it (its partitions' offsets) failed "UnknownBrokerIdError" for
            # minutes. Refresh now, so that asking again finds the node.
            self.cluster.request_update()
            raise

    def _remember_refusal(self, node_id, error):
        if isinstance(error, (kafka_errors.SaslAuthenticationFailedError, kafka_errors.AuthorizationError)):
            self._auth_failures[node_id] = error

    async def _do_bootstrap(self, deadline):
        # On a busy machine one refused login can take the whole bootstrap time: say why, not "timed out".
        try:
            return await super()._do_bootstrap(deadline)
        except kafka_errors.KafkaTimeoutError:
            refusal = next(iter(self._auth_failures.values()), None)
            if refusal is None:
                raise
            raise refusal from None


class AdminClient(KafkaAdminClient):
    """kafka-python's, finding the controller again when the one it remembers is not in its metadata. It
    learns the controller's id from one metadata answer but connects through its cached metadata: a node that
    just came back could be the controller there and not yet in the cache, and a request to the controller
    (an election, a reassignment, creating a topic) failed "UnknownBrokerIdError". That error is raised before
    anything is sent, so asking again cannot apply a change twice."""

    async def _send_request_to_controller(self, *args, **kwargs):
        try:
            return await super()._send_request_to_controller(*args, **kwargs)
        except kafka_errors.UnknownBrokerIdError:
            self._controller_id = None
            await self._manager.cluster.refresh_metadata()
            return await super()._send_request_to_controller(*args, **kwargs)

    def _describe_groups_process_response(self, response):
        """kafka-python decodes every member's metadata as a consumer's subscription, and a group of another
        protocol (Kafka Connect's workers: "connect") made that raise ValueError, failing the whole group list.
        Only consumer groups' members are decoded; the others keep no subscription or assignment."""
        for group in response.groups:
            if group.protocol_type not in ("consumer", ""):
                for member in group.members:
                    member.member_metadata = member.member_assignment = b""
        return super()._describe_groups_process_response(response)


class NetClient(KafkaNetClient):
    def __init__(self, **configs):
        net = NetworkSelector(**configs)
        super().__init__(net=net, manager=_ConnectionManager(net, **configs), **configs)


class Consumer(KafkaConsumer):
    """kafka-python's, stepping over the records before the fetch offset without decoding them.

    A fetch returns whole record batches, so reading from the middle of a batch (the newest 100 records of a
    partition whose producer wrote batches of thousands) decoded every record before the offset into an object
    and then dropped it. Here such records are passed over by their length."""

    def __init__(self, *topics, **configs):
        super().__init__(*topics, **configs)
        self._fetcher.PartitionRecords = _PartitionRecords


class _PartitionRecords(Fetcher.PartitionRecords):
    def __init__(self, fetch_offset, tp, records, **configs):
        super().__init__(fetch_offset, tp, _RecordsFrom(records, fetch_offset), **configs)


class _RecordsFrom:
    """A fetch's MemoryRecords whose v2 batches start their records at `offset`."""

    def __init__(self, records, offset):
        self._records, self._offset = records, offset

    def next_batch(self):
        batch = self._records.next_batch()
        return BatchFrom(batch, self._offset) if isinstance(batch, DefaultRecordBatch) else batch

    def __getattr__(self, name):
        return getattr(self._records, name)


class BatchFrom:
    """A record batch whose iteration starts at the first record at or after `offset`. Only iteration skips: the
    fetcher checks the batch's CRC before, over the bytes as they came (compressed)."""

    __slots__ = ("_batch", "_offset")

    def __init__(self, batch, offset):
        self._batch, self._offset = batch, offset

    def __getattr__(self, name):
        return getattr(self._batch, name)

    def __iter__(self):
        batch = iter(self._batch)  # decompresses
        buffer, pos, base = batch._buffer, batch._pos, batch.base_offset
        index, count = batch._next_record_index, batch._num_records
        if self._batch.last_offset_delta == count - 1:
            # No offsets missing from the batch (nothing compacted away): the record at an offset is the one at
            # that index, so the records before it are jumped by their lengths alone.
            skip_to = min(count, max(0, self._offset - base))
            while index < skip_to:
                length, start = decode_varint(buffer, pos)
                pos, index = start + length, index + 1
        while index < count:
            # Record => Length, Attributes, TimestampDelta, OffsetDelta, ...: read up to the offset, jump the rest.
            length, start = decode_varint(buffer, pos)
            _attributes, at = decode_varint(buffer, start)
            _timestamp_delta, at = decode_varint(buffer, at)
            offset_delta, _ = decode_varint(buffer, at)
            if base + offset_delta >= self._offset:
                break
            pos, index = start + length, index + 1
        batch._pos, batch._next_record_index = pos, index
        return batch


class Producer(KafkaProducer):
    """kafka-python's, whose close() stops its sender thread even when records are left. 3.0.12's close() raises
    from its flush when the timeout passes, before it stops the thread, which then kept trying for ever: for a
    record whose topic was deleted, asking for the topic's metadata in a busy loop."""

    def close(self, timeout=None, null_logger=False):
        try:
            super().close(timeout, null_logger)
        except kafka_errors.KafkaTimeoutError:
            self._sender.force_close()  # fails what is left, and ends the thread
            self._sender.join(timeout)
            super().close(0, null_logger)

