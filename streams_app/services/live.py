"""The live viewer: one Kafka reader per watched topic per process, shared by every socket on it.

The reader
    A thread (never the event loop: kafka-python blocks) with a group-less consumer assigned to
    every partition of the topic. It starts where the log ends when its first socket arrives,
    reads forward, and hands what it read to the topic's subscribed sockets in batches (see
    `batch_seconds`), never one hand-over per record. When the last socket leaves, the reader stops.

    A reader and its sockets live in one process, so the rows go straight to each socket's event
    loop (`loop.call_soon_threadsafe`), not through the channel layer. channels_redis loses a
    message when the receive() that popped it from the process's shared Redis key is cancelled,
    and every socket that closes cancels its receive(): with sockets coming and going, a viewer
    silently missed rows.

How start positions fit one shared reader
    The shared reader only serves "from now". A socket that wants history (from the earliest,
    from a timestamp, or resuming after a reconnect) reads it itself, then joins the stream:

    1. it subscribes to the topic, and holds (does not send) the live rows that start to arrive;
    2. it acquires the reader, which, if it starts now, starts at the log end read here;
    3. it reads the log end E of each partition. The reader never gets past the log end, so
       every row it published before the socket subscribed is below E, and every row it publishes
       afterwards reaches the socket;
    4. its own short-lived consumer reads [start, E) in a worker thread (the catch-up), then the
       held rows are let through.

    Each socket keeps the next offset it will show per partition and skips any row below it,
    so the overlap of catch-up and stream (or of two readers while one stops) shows nothing
    twice, and since catch-up and stream meet at E nothing is missed. "From now" is start = E:
    nothing to catch up. The catch-up reads at most a socket queue's worth of records per
    partition (older ones would be dropped by the queue anyway) and reports the rest as dropped.

When the reader fails
    A stopped broker only makes kafka-python's polls come back empty, so a reader that read
    nothing for `ALIVE_CHECK_SECONDS` asks Kafka whether the cluster and topic are still there
    (a cluster must fail `ALIVE_CHECK_TRIES` checks in a row: one slow answer from a busy broker
    should not close every viewer's socket).
    When they are not (or anything else stops it), the reader sets `failure`, tells its sockets
    (each subscribed socket sends an error frame and closes) and leaves the registry,
    so the next socket on the topic starts a fresh reader, and is refused if Kafka still fails.

Slow sockets
    Each socket has a bounded queue of rows (`live_socket.SocketQueue`) drained by its own task, and at most
    `LIVE_WINDOW_FRAMES` frames in flight: a client acknowledges each messages frame it has
    shown with {"type": "ack"}. A client that falls behind stops acknowledging, its queue fills,
    and the oldest rows are dropped and counted; neither the reader nor other sockets wait for it.

Shared frames
    The reader hands over a `live_socket.Batch`: its rows and their messages frames, encoded once. A socket
    that watches the whole topic unfiltered, is past its catch-up and has no rows waiting queues those frames
    and sends the same texts as every other such socket; any other socket builds frames of its own rows.
"""
import heapq
import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings

from streams_app.services import offset_lookups, positions
from streams_app.services.live_socket import Batch, row_of
from streams_app.services.positions import EARLIEST, LATEST, TIMESTAMP, Seek
from streams_app.services.reading import read_ranges
from topics_app import kafka_clients
from topics_app.errors import ClusterUnreachable, InvalidRequest
from topics_app.kafka_clients import TopicPartition

log = logging.getLogger(__name__)

# A hand-over costs a send on every socket; a batch's wait is every row's latency. Few sockets get short waits,
# many get longer ones: up to 100 sockets, a reader's hand-overs ask for about 2,000 frames a second at most.
MIN_BATCH_SECONDS, MAX_BATCH_SECONDS, SECONDS_PER_SOCKET = 0.002, 0.05, 0.0005


def batch_seconds(sockets):
    """How long a reader with `sockets` sockets gathers rows before a hand-over."""
    return min(MAX_BATCH_SECONDS, max(MIN_BATCH_SECONDS, sockets * SECONDS_PER_SOCKET))


# Records per poll: one hand-over to the sockets holds at most this many rows per poll.
MAX_BATCH_ROWS = 1000
CATCH_UP_SECONDS = 30
ALIVE_CHECK_SECONDS = 3
ALIVE_CHECK_TRIES = 2
# --- the shared reader ---------------------------------------------------------------------------

class TopicReader(threading.Thread):
    def __init__(self, cluster, topic, positions):
        super().__init__(name=f"strom-live-{topic}", daemon=True)
        self.cluster, self.topic = cluster, topic
        self.key = (cluster.pk, topic)
        self.positions = dict(positions)  # partition -> next offset to read
        self.sockets = 1
        self.stopping = threading.Event()
        self.published = 0
        self.failure = None  # the ServiceError that stopped the reader

    def run(self):
        try:
            self._read()
        except Exception as error:  # the cluster went away, or the topic, or anything else: the sockets are told
            self._fail(error)

    def _fail(self, error):
        """Tell the sockets, then leave the registry (in this order: see the module docstring)."""
        self.failure = kafka_clients.translate(error, self.cluster)
        log.warning("live reader for %s stopped: %s", self.topic, self.failure.message)
        _hand_over(self.key, "live_error", self.failure.message, self.failure.status)
        with _lock:
            if _readers.get(self.key) is self:
                del _readers[self.key]

    def _read(self):
        consumer = kafka_clients.new_consumer(self.cluster, fetch_max_wait_ms=100, max_poll_records=MAX_BATCH_ROWS)
        try:
            tps = [TopicPartition(self.topic, p) for p in self.positions]
            consumer.assign(tps)
            for tp in tps:
                consumer.seek(tp, self.positions[tp.partition])
            pending, last_sent, last_heard, failed_checks = [], 0.0, time.monotonic(), 0
            while not self.stopping.is_set():
                gather = batch_seconds(self.sockets)
                wait = max(0.001, last_sent + gather - time.monotonic()) if pending else 0.2
                polled = kafka_clients.call(self.cluster, lambda: consumer.poll(timeout_ms=int(wait * 1000)))
                if polled:
                    last_heard, failed_checks = time.monotonic(), 0
                elif time.monotonic() - last_heard >= ALIVE_CHECK_SECONDS:
                    failed_checks = self._check_alive(failed_checks)  # raises when the cluster or topic is gone
                    last_heard = time.monotonic()
                for records in polled.values():
                    pending.extend(row_of(r) for r in records)
                    self.positions[records[-1].partition] = records[-1].offset + 1
                if pending and time.monotonic() >= last_sent + gather:
                    _hand_over(self.key, "live_rows", Batch(pending, settings.LIVE_FRAME_ROWS))
                    self.published += len(pending)
                    pending, last_sent = [], time.monotonic()
        finally:
            consumer.close(autocommit=False)

    def _check_alive(self, failed_checks):
        """The failed checks in a row so far; raises NotFound, or ClusterUnreachable once there are too many."""
        try:
            kafka_clients.topic_partitions(self.cluster, self.topic)
            return 0
        except ClusterUnreachable:
            if failed_checks + 1 >= ALIVE_CHECK_TRIES:
                raise
            return failed_checks + 1


# Held only for a few dictionary operations, never across a Kafka call or an await.
_lock = threading.Lock()
_readers = {}  # (cluster pk, topic) -> TopicReader
_subscribers = {}  # (cluster pk, topic) -> {socket: its event loop}


def subscribe(cluster, topic, socket, loop):
    """From now on `socket.live_rows(rows)` and `socket.live_error(detail, status)` are called on `loop`
    with whatever the topic's reader hands over."""
    with _lock:
        _subscribers.setdefault((cluster.pk, topic), {})[socket] = loop


def unsubscribe(cluster, topic, socket):
    key = (cluster.pk, topic)
    with _lock:
        sockets = _subscribers.get(key, {})
        sockets.pop(socket, None)
        if not sockets:
            _subscribers.pop(key, None)


def _hand_over(key, method, *args):
    """Call `method` of every socket subscribed to `key`, each on its own event loop, in the order handed over."""
    with _lock:
        sockets = list(_subscribers.get(key, {}).items())
    for socket, loop in sockets:
        try:
            loop.call_soon_threadsafe(getattr(socket, method), *args)
        except RuntimeError:  # its event loop is closed: the socket is gone
            pass


def partitions(cluster, topic):
    """The partitions a live page can watch; NotFound when the topic does not exist."""
    return kafka_clients.topic_partitions(cluster, topic)


def acquire(cluster, topic):
    """The topic's running reader, started at the log end if there is none (blocking).

    The lock is never held across a Kafka call: a slow or dead cluster would otherwise hold up
    every socket of the process, of every cluster. Two sockets may both find no reader and both
    ask Kafka; the first to publish its reader wins, and the other's, never started, is dropped.
    """
    key = (cluster.pk, topic)
    with _lock:
        reader = _shared(key)
    if reader is not None:
        return reader
    partitions = kafka_clients.topic_partitions(cluster, topic)
    fresh = TopicReader(cluster, topic, offset_lookups.admin_ends(cluster, topic, partitions))
    with _lock:
        reader = _shared(key)
        if reader is not None:
            return reader
        _readers[key] = fresh
        fresh.start()
        return fresh


def _shared(key):
    """The running reader under `key` with one socket more, or None (call with the lock held)."""
    reader = _readers.get(key)
    if reader is not None:
        reader.sockets += 1
    return reader


def release(reader):
    """One socket fewer; the last one out stops the reader."""
    with _lock:
        reader.sockets -= 1
        if reader.sockets <= 0:
            reader.stopping.set()
            if _readers.get((reader.cluster.pk, reader.topic)) is reader:
                del _readers[(reader.cluster.pk, reader.topic)]


def readers():
    """The running readers of this process (for tests and monitoring)."""
    with _lock:
        return list(_readers.values())


# --- a socket's start and catch-up (blocking; run in worker threads) -----------------------------

def check_request(reader, request):
    """The partitions the socket watches, from the reader (no Kafka call); InvalidRequest naming the field."""
    partitions = sorted(reader.positions)
    if request.partition is not None and request.partition not in partitions:
        raise InvalidRequest(f"Topic {reader.topic} has no partition {request.partition} "
                             f"(it has {len(partitions)}).", field="partition")
    unknown = set(request.resume) - set(partitions)
    if unknown:
        raise InvalidRequest(f"resume names partitions topic {reader.topic} does not have: {sorted(unknown)}.",
                             field="resume")
    return [request.partition] if request.partition is not None else partitions


@dataclass
class Start:
    positions: dict  # partition -> first offset to show
    ends: dict  # partition -> where the reader was when the socket joined: the catch-up reads up to here


def start_positions(cluster, reader, partitions, request):
    """Where the socket starts in each partition, and where its catch-up ends.

    The catch-up ends where the reader was after the socket subscribed: every row below was
    handed over before (and is read here) or is still pending (and is handed to the socket);
    every row above is handed to the socket. "From now" needs no Kafka call at all, which
    matters when hundreds of sockets connect at once.
    """
    ends = {p: reader.positions[p] for p in partitions}
    if request.start == LATEST and not request.resume:
        return Start(dict(ends), ends)
    firsts = offset_lookups.admin_firsts(cluster, reader.topic, partitions)
    bounds = {p: (firsts[p], ends[p]) for p in partitions}
    seek = Seek(request.start) if request.start in (LATEST, EARLIEST) else Seek(TIMESTAMP, request.start)
    chosen = positions.after_shown(offset_lookups.seek_by_admin(cluster, reader.topic, bounds, seek), request.resume)
    return Start(positions.within(chosen, bounds), ends)


def catch_up(cluster, topic, start, limit):
    """The rows of [start, end) per partition, at most `limit` per partition, merged by timestamp.

    Returns (rows, skipped): skipped counts the records not read (beyond the limit, or past
    the time bound).
    """
    ranges, skipped = {}, 0
    for p, begin in start.positions.items():
        end = start.ends[p]
        if end > begin:
            first = max(begin, end - limit)
            skipped += first - begin
            ranges[p] = (first, end)
    if not ranges:
        return [], 0
    consumer = kafka_clients.new_consumer(cluster, max_poll_records=5000, fetch_max_wait_ms=100)
    try:
        got, reached = kafka_clients.call(cluster, lambda: read_ranges(
            consumer, topic, ranges, time.monotonic() + CATCH_UP_SECONDS))
    finally:
        consumer.close(autocommit=False)
    skipped += sum(ranges[p][1] - reached[p] for p in ranges)
    merged = heapq.merge(*got.values(), key=lambda m: (m.timestamp, m.partition, m.offset))
    return [row_of(m) for m in merged], skipped
