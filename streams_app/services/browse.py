"""Reading a page of messages without joining a consumer group.

A page is read from per-partition positions (a cursor) in one direction: forward from the
next offset to read, or backward from an exclusive upper bound. Each page covers, in every
partition, a contiguous offset range and returns every record in it that passes the filter,
so the next and previous cursors start exactly where the page's ranges end: paging neither
skips nor repeats a record. Across partitions, records are merged by timestamp.

Every read is bounded: at most `max_scan` records and `max_seconds` per page.
"""
import heapq
import time
from dataclasses import dataclass, field

from django.conf import settings

from streams_app.services import offset_lookups, positions
from streams_app.services.filters import MessageFilter
from streams_app.services.positions import EARLIEST, LATEST, OFFSET, TIMESTAMP, Seek
from streams_app.services.reading import RangeReader
from topics_app import errors, kafka_clients
from topics_app.errors import InvalidRequest
from topics_app.topic_rules import INT_MAX, LONG_MAX

OLDEST, NEWEST = "oldest", "newest"
FORWARD, BACKWARD = "forward", "backward"
MAX_LIMIT = 1000
# A filtered scan reads each partition in chunks of at least this many records per round trip.
FILTERED_CHUNK = 500
FETCH_BYTES = 262144


@dataclass(frozen=True)
class Cursor:
    """Where to read next. `order` is how pages are shown; `direction` how this one is read."""

    order: str
    direction: str
    positions: dict

    def token(self):
        spots = "_".join(f"{p}-{o}" for p, o in sorted(self.positions.items()))
        return f"{self.order}.{self.direction}.{spots}"

    @classmethod
    def parse(cls, token):
        try:
            order, direction, spots = token.split(".")
            positions = {}
            for spot in spots.split("_") if spots else ():
                partition, offset = spot.split("-")
                positions[int(partition)] = int(offset)
        except ValueError:
            raise InvalidRequest("cursor is not one Strom gave out.", field="cursor") from None
        if order not in (OLDEST, NEWEST) or direction not in (FORWARD, BACKWARD) or not positions \
                or not all(0 <= p <= INT_MAX and 0 <= o <= LONG_MAX for p, o in positions.items()):
            raise InvalidRequest("cursor is not one Strom gave out.", field="cursor")
        return cls(order, direction, positions)


@dataclass
class BrowseRequest:
    partition: int | None = None
    order: str = OLDEST
    offset: int | None = None
    timestamp: int | None = None  # ms since the epoch
    limit: int = 100
    filter: MessageFilter = field(default_factory=MessageFilter)
    cursor: Cursor | None = None


@dataclass
class Page:
    messages: list
    order: str
    scanned: int
    matched: int
    stopped_at: dict  # partition -> offset where the next page in this order starts scanning
    bounded: bool  # the scan or time bound stopped the read before the page was full
    next: Cursor | None
    prev: Cursor | None
    partitions: list


# --- where the first page starts -------------------------------------------------------------

def start_cursor(cluster, topic, bounds, request):
    """The request's own cursor, or one from its seek mode (see positions.py).

    Oldest first reads forward from the position; newest first reads backward from an exclusive
    upper bound, so there the position is one past the offset, or the first record after the time.
    """
    if request.cursor is not None:
        return request.cursor
    past = 0 if request.order == OLDEST else 1
    if request.offset is not None:
        seek = Seek(OFFSET, request.offset + past)
    elif request.timestamp is not None:
        seek = Seek(TIMESTAMP, request.timestamp + past)
    else:
        seek = Seek(EARLIEST if request.order == OLDEST else LATEST)
    start = positions.within(offset_lookups.seek_by_admin(cluster, topic, bounds, seek), bounds)
    return Cursor(request.order, FORWARD if request.order == OLDEST else BACKWARD, start)


def read_page(reader, bounds, cursor, limit, message_filter, max_scan, max_seconds):
    """One page from `cursor`: see the module docstring for why the cursors it returns are exact."""
    if any(offset > bounds[p][1] for p, offset in cursor.positions.items()):
        # Strom never gives out a cursor past the log end (one from before the topic was deleted and
        # made again, or made up): nothing is there, and reading towards it would only wait.
        return Page(messages=[], order=cursor.order, scanned=0, matched=0, stopped_at=dict(cursor.positions),
                    bounded=False, next=None, prev=None, partitions=sorted(cursor.positions))
    deadline = time.monotonic() + max_seconds
    forward = cursor.direction == FORWARD
    start = dict(cursor.positions)
    position = dict(start)
    matches = {p: [] for p in start}
    scanned = 0
    bounded = False

    def exhausted(p):
        begin, end = bounds[p]
        return position[p] >= end if forward else position[p] <= begin

    chunk_floor = FILTERED_CHUNK if message_filter.active else limit
    while True:
        active = [p for p in position if not exhausted(p) and len(matches[p]) < limit]
        if not active:
            break
        budget = max_scan - scanned
        if budget <= 0 or time.monotonic() >= deadline:
            bounded = True
            break
        chunk = max(1, min(max(limit, chunk_floor), budget // len(active)))
        if forward:
            ranges = {p: (position[p], min(bounds[p][1], position[p] + chunk)) for p in active}
        else:
            ranges = {p: (max(bounds[p][0], position[p] - chunk), position[p]) for p in active}
        got, reached = reader.read(ranges, deadline)
        for p in active:
            low, high = ranges[p]
            if forward:
                records = got[p]
                position[p] = reached[p]
            elif reached[p] >= high:
                records = got[p][::-1]
                position[p] = low
            else:
                # A backward chunk read only in part would leave a hole above it: drop it.
                bounded = True
                continue
            scanned += len(records)
            matches[p].extend(r for r in records if message_filter.matches(r.key, r.value, r.headers))
        if time.monotonic() >= deadline and any(not exhausted(p) and len(matches[p]) < limit for p in position):
            bounded = True
            break

    key = lambda m: (m.timestamp, m.partition, m.offset)  # noqa: E731
    taken = list(heapq.merge(*matches.values(), key=key, reverse=not forward))[:limit]
    taken_per_partition = {p: 0 for p in start}
    for message in taken:
        taken_per_partition[message.partition] += 1

    # Each partition's page range ends at its first match not shown (so it is shown next),
    # or where the scan stopped when every match was shown.
    boundary = {}
    for p in start:
        rest = matches[p][taken_per_partition[p]:]
        if rest:
            boundary[p] = rest[0].offset if forward else rest[0].offset + 1
        else:
            boundary[p] = position[p]
    low, high = (start, boundary) if forward else (boundary, start)

    at_end = all(high[p] >= bounds[p][1] for p in start)
    at_beginning = all(low[p] <= bounds[p][0] for p in start)
    order = cursor.order
    if order == OLDEST:
        next_cursor = None if at_end else Cursor(OLDEST, FORWARD, high)
        prev_cursor = None if at_beginning else Cursor(OLDEST, BACKWARD, low)
        shown = taken if forward else taken[::-1]
    else:
        next_cursor = None if at_beginning else Cursor(NEWEST, BACKWARD, low)
        prev_cursor = None if at_end else Cursor(NEWEST, FORWARD, high)
        shown = taken[::-1] if forward else taken
    return Page(
        messages=shown,
        order=order,
        scanned=scanned,
        matched=sum(len(m) for m in matches.values()),
        stopped_at=dict(high if order == OLDEST else low),
        bounded=bounded,
        next=next_cursor,
        prev=prev_cursor,
        partitions=sorted(start),
    )


# --- the service -------------------------------------------------------------------------------

class _Reader:
    """A short-lived, group-less consumer on one topic and the offsets bounding its partitions."""

    def __init__(self, cluster, topic, partition=None, partitions=None):
        self.cluster, self.topic = cluster, topic
        existing = kafka_clients.topic_partitions(cluster, topic)
        if partition is not None and partition not in existing:
            raise InvalidRequest(f"Topic {topic} has no partition {partition} (it has {len(existing)}).",
                                 field="partition")
        if partitions is not None and not set(partitions) <= set(existing):
            raise InvalidRequest("cursor names partitions this topic does not have.", field="cursor")
        self.partitions = sorted(partitions) if partitions is not None else (
            [partition] if partition is not None else existing)
        self.bounds = offset_lookups.admin_bounds(cluster, topic, self.partitions)
        self.consumer = kafka_clients.new_consumer(
            cluster, auto_offset_reset="earliest", max_poll_records=5000, fetch_max_wait_ms=100,
            max_partition_fetch_bytes=FETCH_BYTES, **kafka_clients.ONE_REQUEST)
        self.ranges = RangeReader(self.consumer, topic)

    def call(self, operation):
        return kafka_clients.call(self.cluster, operation)

    def close(self):
        self.consumer.close(autocommit=False)

    def __enter__(self):
        return self

    def __exit__(self, *_error):
        self.close()


def _open(cluster, topic, request):
    cursor_partitions = list(request.cursor.positions) if request.cursor else None
    return _Reader(cluster, topic, request.partition, cursor_partitions)


def browse(cluster, topic, request, max_scan=None, max_seconds=None):
    """One page of messages, per `request`; see BrowseRequest and Page."""
    _check_limit(request.limit)
    with _open(cluster, topic, request) as reader:
        cursor = start_cursor(cluster, topic, reader.bounds, request)
        return reader.call(lambda: read_page(
            reader.ranges, reader.bounds, cursor, request.limit, request.filter,
            max_scan or settings.BROWSE_MAX_SCAN, max_seconds or settings.BROWSE_MAX_SECONDS,
        ))


def scan(cluster, topic, request, max_records, max_scan, max_seconds):
    """Every message of the selection, page after page, within the three bounds (for export).

    The first page is read before this returns, so a bad request or an unreachable cluster
    raises here rather than in the middle of a download.
    """
    reader = _open(cluster, topic, request)
    try:
        cursor = start_cursor(cluster, topic, reader.bounds, request)
        deadline = time.monotonic() + max_seconds

        def page_from(cursor, scanned, sent):
            return reader.call(lambda: read_page(
                reader.ranges, reader.bounds, cursor, min(MAX_LIMIT, max_records - sent),
                request.filter, max_scan - scanned, max(0.001, deadline - time.monotonic()),
            ))

        first = page_from(cursor, 0, 0)
    except BaseException:
        reader.close()
        raise

    def messages():
        try:
            page, scanned, sent = first, 0, 0
            while True:
                yield from page.messages
                scanned += page.scanned
                sent += len(page.messages)
                if (page.next is None or sent >= max_records or scanned >= max_scan
                        or time.monotonic() >= deadline):
                    return
                page = page_from(page.next, scanned, sent)
        finally:
            reader.close()

    return messages()


def get_message(cluster, topic, partition, offset):
    """The one record at `offset` in `partition`; NotFound if there is none."""
    with _Reader(cluster, topic, partition) as reader:
        begin, end = reader.bounds[partition]
        if not begin <= offset < end:
            raise errors.NotFound(
                f"Partition {partition} has offsets {begin} to {end - 1}; there is no offset {offset}.")
        got, _ = reader.call(lambda: reader.ranges.read(
            {partition: (offset, offset + 1)},
            time.monotonic() + settings.BROWSE_MAX_SECONDS))
    if not got[partition]:
        raise errors.NotFound(f"There is no record at offset {offset} of partition {partition}.")
    return got[partition][0]


def _check_limit(limit):
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidRequest(f"limit must be between 1 and {MAX_LIMIT}.", field="limit")
