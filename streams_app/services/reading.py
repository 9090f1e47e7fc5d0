"""Reading offset ranges of a topic's partitions through one consumer, for browsing and the live viewer."""
import bisect
import time
from dataclasses import dataclass, field

from topics_app.kafka_clients import TopicPartition

# How many records of a partition may be read past its range before its fetching pauses: enough for the next
# range of a scan (a filtered scan reads chunks of 500), few enough that a page from the middle of twelve
# partitions does not decode each partition's whole fetch (10,000 here took 830 ms for that page, 500 takes 435).
READ_AHEAD = 500


@dataclass
class Message:
    partition: int
    offset: int
    timestamp: int
    key: bytes | None
    value: bytes | None
    headers: list = field(default_factory=list)  # [(str, bytes | None)]



class RangeReader:
    """Reads offset ranges [start, stop) through one consumer.

    A range that starts where the previous one of its partition stopped is read on, without a
    seek: records the consumer already fetched past that stop are kept for it. So a scan in many
    small ranges reads at the consumer's speed, with one fetch per many ranges, not one per range.
    """

    def __init__(self, consumer, topic):
        self.consumer, self.topic = consumer, topic
        self.assigned = {}  # partition -> TopicPartition
        self.ahead = {}  # partition -> records read past the last range's stop, in offset order
        self.continues_at = {}  # partition -> offset where the last range of this partition stopped

    def _assign(self, partitions):
        if not set(partitions) <= set(self.assigned):
            for p in partitions:
                self.assigned.setdefault(p, TopicPartition(self.topic, p))
            self.consumer.assign(list(self.assigned.values()))
            # A new assignment forgets every position: start again with a seek everywhere.
            self.ahead.clear()
            self.continues_at.clear()

    def read(self, ranges, deadline):
        """({partition: [Message] in offset order}, {partition: offset reached}); a range is
        complete when its offset reached equals its stop (gaps such as transaction markers count as read)."""
        wanted = [p for p, (start, stop) in ranges.items() if start < stop]
        got = {p: [] for p in ranges}
        reached = {p: (start if p in wanted else stop) for p, (start, stop) in ranges.items()}
        if not wanted:
            return got, reached
        self._assign(wanted)
        others = [tp for p, tp in self.assigned.items() if p not in wanted]
        if others:
            self.consumer.pause(*others)
        self.consumer.resume(*(self.assigned[p] for p in wanted))
        pending = set()
        for p in wanted:
            start, stop = ranges[p]
            if self.continues_at.get(p) != start:
                self.consumer.seek(self.assigned[p], start)
                self.ahead[p] = []
            self.continues_at[p] = start
            if self._take(p, self.ahead.pop(p, []), stop, got, reached):
                pending.add(p)
        while pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            # Ask only for what the pending ranges still need, so a seek elsewhere wastes little.
            needed = sum(ranges[p][1] - reached[p] for p in pending)
            batch = self.consumer.poll(timeout_ms=int(min(remaining, 1.0) * 1000), max_records=max(1, needed))
            for tp, records in batch.items():
                messages = [Message(r.partition, r.offset, r.timestamp, r.key, r.value, list(r.headers or ()))
                            for r in records]
                if tp.partition in pending:
                    self._take(tp.partition, messages, ranges[tp.partition][1], got, reached)
                elif tp.partition in wanted:
                    self.ahead[tp.partition].extend(messages)
            for p in list(pending):
                position = self.consumer.position(self.assigned[p])
                if position is not None:
                    reached[p] = max(reached[p], min(position, ranges[p][1]))
                if reached[p] >= ranges[p][1]:
                    pending.discard(p)
            for p in wanted:
                # A partition far ahead of its range would fill every later poll: stop fetching it.
                if p not in pending and len(self.ahead[p]) >= READ_AHEAD:
                    self.consumer.pause(self.assigned[p])
        for p in wanted:
            self.continues_at[p] = reached[p]
            if p in pending:
                self.ahead[p] = []
        return got, reached

    def _take(self, partition, messages, stop, got, reached):
        """Hand out `messages` below `stop`, keep the rest ahead; True while the range needs more."""
        split = bisect.bisect_left(messages, stop, key=lambda m: m.offset)
        got[partition].extend(messages[:split])
        if split:
            reached[partition] = max(reached[partition], messages[split - 1].offset + 1)
        rest = messages[split:]
        self.ahead[partition] = rest
        if rest:
            reached[partition] = stop
        return reached[partition] < stop


def read_ranges(consumer, topic, ranges, deadline):
    """Read the records of [start, stop) in every partition at once; see RangeReader.read."""
    return RangeReader(consumer, topic).read(ranges, deadline)
