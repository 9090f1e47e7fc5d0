"""Where to start (or stop) reading in each partition: the seek modes, decided once.

Browsing, the live viewer and replay jobs all name a position the same four ways: the
earliest record, the log end, an offset, or the first record at or after a timestamp. This
module turns such a `Seek` into an offset per partition from what Kafka answered: each
partition's bounds (first offset, log end) and, for a timestamp, the offsets-for-times answer.
It asks Kafka nothing itself (see offset_lookups.py), so every rule here has a unit test.
"""
from dataclasses import dataclass

EARLIEST, LATEST, OFFSET, TIMESTAMP = "earliest", "latest", "offset", "timestamp"
MODES = (EARLIEST, LATEST, OFFSET, TIMESTAMP)


@dataclass(frozen=True)
class Seek:
    mode: str
    # OFFSET: one offset for every partition, or {partition: offset}; TIMESTAMP: ms since the epoch.
    value: int | dict | None = None

    def __post_init__(self):
        if self.mode not in MODES:
            raise ValueError(f"no seek mode {self.mode!r}")

    @property
    def timestamp(self):
        """The time Kafka must be asked about, or None when the bounds are enough."""
        return self.value if self.mode == TIMESTAMP else None


def offsets(seek, bounds, times=None):
    """{partition: offset} that `seek` names in each partition of `bounds` ({partition: (first, end)}).

    `times` is Kafka's answer for a TIMESTAMP seek, {partition: offset of the first record at or
    after the time, or None}; a partition with no such record gives its log end. The offsets are
    not clamped: callers clamp as they need (`clamp`, `within`).
    """
    if seek.mode == EARLIEST:
        return {p: first for p, (first, _end) in bounds.items()}
    if seek.mode == LATEST:
        return {p: end for p, (_first, end) in bounds.items()}
    if seek.mode == OFFSET:
        if isinstance(seek.value, dict):
            return {p: seek.value[p] for p in bounds}
        return {p: seek.value for p in bounds}
    if times is None:
        raise ValueError("a timestamp seek needs Kafka's offsets-for-times answer")
    return {p: end if times.get(p) is None else times[p] for p, (_first, end) in bounds.items()}


def clamp(offset, partition_bounds):
    """`offset` moved into [first, end]; the first offset wins when the bounds are crossed."""
    first, end = partition_bounds
    return max(first, min(offset, end))


def within(positions, bounds):
    """Each partition's offset clamped into its bounds."""
    return {p: clamp(offset, bounds[p]) for p, offset in positions.items()}


def after_shown(positions, last_shown):
    """Positions where a resuming reader left off: one past the last offset it showed, per partition."""
    return {p: (last_shown[p] + 1 if p in last_shown else offset) for p, offset in positions.items()}


def ranges(starts, stops, bounds):
    """{partition: (start, stop)} inside the bounds, never running backwards (stop >= start)."""
    spans = {}
    for p, partition_bounds in bounds.items():
        start = clamp(starts[p], partition_bounds)
        spans[p] = (start, max(start, min(stops[p], partition_bounds[1])))
    return spans
