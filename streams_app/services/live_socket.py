"""What one live socket asks for (parsed from its query string) and the rows it is sent: a record encoded once
for every socket, and each socket's bounded queue (see `live` for how the reader and sockets fit together)."""
import re
from collections import deque
from dataclasses import dataclass, field

import orjson

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
    # orjson: several times faster than json for every record a reader hands over; its text holds characters past
    # ASCII as they are, not as \u escapes, which JSON.parse reads the same.
    return [record.partition, record.offset, orjson.dumps(wire).decode(), record.key, record.value]


def show_header(data):
    shown = show(data)
    return {"text": shown.text, "format": shown.format, "note": shown.note, "null": shown.is_null, "cut": False}


def frame_of(rows):
    return _frame_around(",".join(row[2] for row in rows))


def _frame_around(messages):
    return '{"type":"messages","messages":[' + messages + "]}"


class _Frame:
    """Rows and their messages frame: the frame's text, and the messages alone (to join frames together)."""

    def __init__(self, rows):
        self.rows = rows
        self.messages = ",".join(row[2] for row in rows)
        self.text = _frame_around(self.messages)


class Batch(list):
    """The rows of one hand-over from a topic's reader, with their messages frames built once for every socket:
    a socket that has shown everything before them and watches the whole topic unfiltered sends these same
    texts, so 500 viewers cost one encoding, not 500."""

    def __init__(self, rows, frame_rows):
        super().__init__(rows)
        chunks = [rows[i:i + frame_rows] for i in range(0, len(rows), frame_rows)]
        self.frames = [_Frame(chunk) for chunk in chunks]
        self.firsts, self.ends = {}, {}
        for row in rows:
            self.firsts.setdefault(row[0], row[1])
            self.ends[row[0]] = row[1] + 1


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
        # A Batch's shared frames (_Frame), ahead of `rows` (all older than them); the rows they hold.
        self.frames = deque()
        self.frame_rows = 0

    def offer(self, rows):
        """Live rows from the reader."""
        if isinstance(rows, Batch) and self._takes_frames_of(rows):
            self._append_frames(rows)
            return
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

    def _takes_frames_of(self, batch):
        """Whether the batch's frames are exactly what this socket would send: it watches the whole topic
        unfiltered, past its catch-up, with no rows waiting, and has shown nothing of the batch yet."""
        return (not self.holding and self.partition is None and not self.needle and not self.rows
                and all(first >= self.next.get(p, 0) for p, first in batch.firsts.items()))

    def _append_frames(self, batch):
        self.frames.extend(batch.frames)
        self.frame_rows += len(batch)
        self.next.update(batch.ends)
        overflow = self.frame_rows - self.size
        while overflow > 0:  # a slow socket: the oldest rows go, counted, as in the row queue
            rows = self.frames.popleft().rows
            if len(rows) > overflow:  # a frame that keeps some of its rows is built anew without the others
                self.frames.appendleft(_Frame(rows[overflow:]))
            lost = min(overflow, len(rows))
            self.frame_rows -= lost
            self.dropped += lost
            overflow -= lost

    def take_frame(self, max_rows):
        """The text of the next shared frame, or None when there is none. A socket that fell behind has several:
        those that fit in `max_rows` go as one frame, joined without touching their rows, so it catches up in
        fewer round trips of acknowledgements."""
        if not self.frames:
            return None
        taken = [self.frames.popleft()]
        count = len(taken[0].rows)
        while self.frames and count + len(self.frames[0].rows) <= max_rows:
            taken.append(self.frames.popleft())
            count += len(taken[-1].rows)
        self.frame_rows -= count
        return taken[0].text if len(taken) == 1 else _frame_around(",".join(frame.messages for frame in taken))

    def next_frame(self, max_rows):
        """The text of the next messages frame to send (a shared one first, they are older), or None."""
        text = self.take_frame(max_rows)
        if text is None:
            rows = self.take(max_rows)
            text = frame_of(rows) if rows else None
        return text

    def take(self, count):
        return [self.rows.popleft() for _ in range(min(count, len(self.rows)))]

    def take_dropped(self):
        dropped, self.dropped = self.dropped, 0
        return dropped
