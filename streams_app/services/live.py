"""The live viewer: one Kafka reader per watched topic per process, shared by every socket on it.

The reader
    A thread (never the event loop: kafka-python blocks) with a group-less consumer assigned to
    every partition of the topic. It starts where the log ends when its first socket arrives,
    reads forward, and hands what it read to the topic's subscribed sockets at most every
    `BATCH_SECONDS`, never one hand-over per record. When the last socket leaves, the reader stops.

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
    Each socket has a bounded queue of rows (`SocketQueue`) drained by its own task, and at most
    `LIVE_WINDOW_FRAMES` frames in flight: a client acknowledges each messages frame it has
    shown with {"type": "ack"}. A client that falls behind stops acknowledging, its queue fills,
    and the oldest rows are dropped and counted; neither the reader nor other sockets wait for it.
"""
import heapq
import json
import logging
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from streams_app.services import offset_lookups, positions
from streams_app.services.decode import show, shown_for_list, wire_message
from streams_app.services.positions import EARLIEST, LATEST, TIMESTAMP, Seek
from streams_app.services.reading import Message, read_ranges
from topics_app import kafka_clients
from topics_app.errors import ClusterUnreachable, InvalidRequest
from topics_app.kafka_clients import TopicPartition
from topics_app.topic_rules import LONG_MAX

log = logging.getLogger(__name__)

BATCH_SECONDS = 0.05
# Records per poll: one hand-over to the sockets holds at most this many rows per poll.
MAX_BATCH_ROWS = 1000
MAX_CONTAINS = 200
CATCH_UP_SECONDS = 30
ALIVE_CHECK_SECONDS = 3
ALIVE_CHECK_TRIES = 2
PARAMS = ("from", "partition", "contains", "resume")
PARTITION_MAX = 2**31 - 1  # Kafka's partition ids are 32-bit, its offsets and timestamps 64-bit
_RESUME = re.compile(r"^([0-9]+):(-1|[0-9]+)$")


# --- what a socket asked for ---------------------------------------------------------------------

@dataclass(frozen=True)
class LiveRequest:
    start: str | int = LATEST  # latest, earliest, or a timestamp in ms
    partition: int | None = None
    contains: str = ""  # key or value contains
    resume: dict = field(default_factory=dict)  # partition -> last offset shown


def parse_request(params):
    """A LiveRequest from query parameters ({name: str}); InvalidRequest naming the field otherwise."""
    for name in params:
        if name not in PARAMS:
            raise InvalidRequest(f"{name} is not a live viewer parameter (use {', '.join(PARAMS)}).", field=name)
    start = params.get("from") or LATEST
    if start not in (LATEST, EARLIEST):
        start = whole_number(start, LONG_MAX)
        if start is None:
            raise InvalidRequest(f"from must be latest, earliest or a timestamp in milliseconds (0 to {LONG_MAX}).",
                                 field="from")
    partition = params.get("partition") or None
    if partition is not None:
        partition = whole_number(partition, PARTITION_MAX)
        if partition is None:
            raise InvalidRequest(f"partition must be a whole number from 0 to {PARTITION_MAX}.", field="partition")
    contains = params.get("contains") or ""
    if len(contains) > MAX_CONTAINS:
        raise InvalidRequest(f"contains must be at most {MAX_CONTAINS} characters.", field="contains")
    resume = {}
    for spot in filter(None, (params.get("resume") or "").split(",")):
        pair = _RESUME.match(spot)
        if not pair:
            raise InvalidRequest("resume must be partition:offset pairs like 0:41,1:17 "
                                 "(the last offset shown, -1 for none).", field="resume")
        p = whole_number(pair[1], PARTITION_MAX)
        offset = -1 if pair[2] == "-1" else whole_number(pair[2], LONG_MAX)
        if p is None or offset is None:
            raise InvalidRequest(f"resume partitions go up to {PARTITION_MAX} and offsets up to {LONG_MAX}.",
                                 field="resume")
        resume[p] = offset
    return LiveRequest(start, partition, contains, resume)


def whole_number(text, highest):
    """The number an ASCII digit string spells if it is at most `highest`, else None.

    str.isdigit() is no test: it accepts '²' and other digits int() refuses, and int() refuses
    more than 4,300 digits; here neither reaches int().
    """
    if not re.fullmatch(r"[0-9]+", text) or len(text) > len(str(highest)):
        return None
    number = int(text)
    return number if number <= highest else None


# --- rows: a record encoded once, shared by every socket -----------------------------------------

def row_of(record):
    """[partition, offset, JSON, key, value]: the JSON is encoded once per record, not per socket.

    The JSON is the API's message plus `shown`: the key, value and headers rendered by the same
    code as the message list, so the live page shows them exactly like the browser does.
    """
    message = Message(record.partition, record.offset, record.timestamp, record.key, record.value,
                      list(record.headers or ()))
    wire = wire_message(message)
    wire["shown"] = {
        "key": shown_for_list(message.key),
        "value": shown_for_list(message.value),
        "headers": [[name, show_header(data)] for name, data in message.headers],
    }
    return [record.partition, record.offset, json.dumps(wire, separators=(",", ":")), record.key, record.value]


def show_header(data):
    shown = show(data)
    return {"text": shown.text, "format": shown.format, "note": shown.note, "null": shown.is_null, "cut": False}


def frame_of(rows):
    return '{"type":"messages","messages":[' + ",".join(row[2] for row in rows) + "]}"


class SocketQueue:
    """One socket's bounded queue of rows: in order per partition, each offset at most once.

    `next` holds the next offset to show per partition. Rows that arrive while `holding` wait
    in `held` until the catch-up is in the queue (see the module docstring).
    """

    def __init__(self, size, partition=None, contains=""):
        self.size = size
        self.partition = partition
        self.needle = contains.encode()
        self.next = {}
        self.rows = deque()
        self.held = deque()
        self.holding = True
        self.dropped = 0

    def offer(self, rows):
        """Live rows from the reader."""
        rows = [row for row in rows if self.partition is None or row[0] == self.partition]
        if self.holding:
            self._append(self.held, rows)
        else:
            self.accept(rows)

    def accept(self, rows):
        fresh = []
        for row in rows:
            partition, offset = row[0], row[1]
            if offset < self.next.get(partition, 0):
                continue
            self.next[partition] = offset + 1
            if self.needle and not (self.needle in (row[3] or b"") or self.needle in (row[4] or b"")):
                continue
            fresh.append(row)
        self._append(self.rows, fresh)

    def release(self):
        """The catch-up is in: let the held live rows through, and the next ones directly."""
        self.holding = False
        held, self.held = list(self.held), deque()
        self.accept(held)

    def _append(self, queue, rows):
        overflow = len(queue) + len(rows) - self.size
        if overflow > 0:
            self.dropped += overflow
            for _ in range(min(overflow, len(queue))):
                queue.popleft()
            rows = rows[-self.size:]
        queue.extend(rows)

    def take(self, count):
        return [self.rows.popleft() for _ in range(min(count, len(self.rows)))]

    def take_dropped(self):
        dropped, self.dropped = self.dropped, 0
        return dropped


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
                wait = max(0.001, last_sent + BATCH_SECONDS - time.monotonic()) if pending else 0.2
                polled = kafka_clients.call(self.cluster, lambda: consumer.poll(timeout_ms=int(wait * 1000)))
                if polled:
                    last_heard, failed_checks = time.monotonic(), 0
                elif time.monotonic() - last_heard >= ALIVE_CHECK_SECONDS:
                    failed_checks = self._check_alive(failed_checks)  # raises when the cluster or topic is gone
                    last_heard = time.monotonic()
                for records in polled.values():
                    pending.extend(row_of(r) for r in records)
                    self.positions[records[-1].partition] = records[-1].offset + 1
                if pending and time.monotonic() >= last_sent + BATCH_SECONDS:
                    _hand_over(self.key, "live_rows", pending)
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
