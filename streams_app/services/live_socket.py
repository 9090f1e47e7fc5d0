"""What one live socket asks for (parsed from its query string) and the rows it is sent: a record encoded once
for every socket, and each socket's bounded queue (see `live` for how the reader and sockets fit together)."""
import json
import re
from collections import deque
from dataclasses import dataclass, field

from streams_app.services.decode import show, shown_for_list, wire_message
from streams_app.services.positions import EARLIEST, LATEST
from streams_app.services.reading import Message
from topics_app.errors import InvalidRequest
from topics_app.topic_rules import LONG_MAX

MAX_CONTAINS = 200
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
