"""The copying part of a replay: exactly once, from a read_committed reader of the source to a transactional
writer on the target, started again from the last committed offsets when Kafka interrupts it."""
import logging
import threading
import time

from django.conf import settings
from django.db import connection

from streams_app.services.filters import MessageFilter
from streams_app.services.jobs.common import Pace, check_cancel
from topics_app import errors, kafka_bulk
from topics_app.errors import InvalidRequest
from topics_app.models import Cluster

log = logging.getLogger(__name__)

# How long one transactional step (init, commit) may take; how often, and how far apart, a copy that lost
# Kafka starts again (a leader's death is over once the controller has fenced it, in seconds).
STEP_TIMEOUT_S = 60
RESTARTS = 3
RESTART_BACKOFF_S = 5
# Longer than the longest step: send_offsets_to_transaction and commit_transaction, STEP_TIMEOUT_S each.
STALL_S = 2 * STEP_TIMEOUT_S + 30


def copy_exactly_once(cluster, job, progress, ranges, group, transactional_id, rate):
    """Copy `ranges` exactly once, reporting to `progress` (the job, or one of its parts); each transaction
    commits the next source offsets to `group`."""
    target_cluster = Cluster.objects.get(name=job.params["target_cluster"])
    for restart in range(RESTARTS + 1):
        copy = _Copy(cluster, target_cluster, job, progress, ranges, group, transactional_id, rate)
        try:
            _watched(copy)
            return copy.result()
        except errors.ClusterUnreachable:
            # A node died under the copy, or a transaction was interrupted. A new producer fences the old one
            # and aborts its open transaction, and the copy goes on from the offsets the last committed
            # transaction recorded: nothing lost, nothing doubled.
            if restart == RESTARTS:
                raise
            log.warning("Replay job %s: Kafka interrupted the copy; starting again from the committed offsets",
                        job.pk)
            time.sleep(RESTART_BACKOFF_S * (restart + 1))
        finally:
            copy.close()


class CopyStalled(errors.ClusterUnreachable):
    pass


def _watched(copy):
    """copy.resume() and copy.run() in a thread of their own, given up when the copy's loop has not come round
    for STALL_S. After a kill -9 of the node that coordinated its group, a librdkafka call now and then never
    returned (twice in about eight runs, in CI too): the abandoned copy keeps its clients, which the next copy's
    producer fences, and stops at its next step."""
    failure = []

    def work():
        try:
            copy.resume()
            copy.run()
        except BaseException as error:  # handed to the job's thread, which raises it
            failure.append(error)
        finally:
            connection.close()  # this thread's own database connection

    thread = threading.Thread(target=work, name=f"strom-replay-{copy.job.pk}", daemon=True)
    thread.start()
    while thread.is_alive():
        thread.join(timeout=1)
        if thread.is_alive() and time.monotonic() - copy.alive_at > STALL_S:
            copy.abandon()
            raise CopyStalled(f"Kafka ({copy.target_cluster.name}) stopped answering the replay's copy for "
                              f"{STALL_S} s.")
    if failure:
        raise failure[0]


def _written_in(metadata):
    """Records written so far for a partition, kept in the committed offset's metadata."""
    try:
        return int((metadata or "").removeprefix("written="))
    except ValueError:
        return 0


class _Copy:
    """The copying part of a run, on confluent-kafka: a read_committed reader of the source, and a transactional
    writer on the target whose every transaction commits the group's next source offsets."""

    def __init__(self, cluster, target_cluster, job, progress, ranges, group, transactional_id, rate):
        self.cluster, self.target_cluster, self.job, self.progress = cluster, target_cluster, job, progress
        self.params, self.rate, self.transactional_id = job.params, rate, transactional_id
        self.source = self.params["source_topic"]
        self.ranges = {int(p): tuple(r) for p, r in ranges.items()}
        checkpoint = job.checkpoint
        self.same_partitions = checkpoint["target_partitions"] == checkpoint["source_partitions"]
        self.checkpoint = checkpoint
        self.group = group
        self.total = sum(end - start for start, end in self.ranges.values())
        self.reader = self.writer = None
        self.positions, self.written, self.active = {}, {}, []
        self.alive_at, self.abandoned = time.monotonic(), False

    def abandon(self):
        """Given up on while stuck in a Kafka call: its clients stay with it (closing them may hang too), and it
        stops at its next step instead of writing progress."""
        self.abandoned = True
        self.reader = self.writer = None

    def resume(self):
        """A new writer (fencing any earlier one) and reader, at the positions of the last commit."""
        self.writer = kafka_bulk.TransactionalWriter(self.target_cluster, self.transactional_id, self.group)
        self.writer.init(STEP_TIMEOUT_S)
        committed = self.writer.committed(self.source, list(self.ranges), STEP_TIMEOUT_S)
        for p, (start, end) in self.ranges.items():
            offset, metadata = committed.get(p, (start, ""))
            self.positions[p] = max(start, min(offset, end))
            self.written[p] = _written_in(metadata) if p in committed else 0
        self.active = [p for p in self.ranges if self.positions[p] < self.ranges[p][1]]
        self.reader = kafka_bulk.BulkReader(self.cluster, self.source, self.group)
        if self.active:
            self.reader.assign({p: self.positions[p] for p in self.active})
        self.progress.report(self.done(), self.total, force=True)

    def done(self):
        return sum(self.positions[p] - self.ranges[p][0] for p in self.ranges)

    def run(self):
        job, writer = self.progress, self.writer
        message_filter = MessageFilter(**(self.params.get("filter") or {}))
        rate = self.rate
        batch_size = min(settings.REPLAY_BATCH_RECORDS, rate) if rate else settings.REPLAY_BATCH_RECORDS
        pace = Pace(rate, already_done=self.done())
        last_move = time.monotonic()
        target = self.params["target_topic"]
        while self.active and not self.abandoned:
            self.alive_at = time.monotonic()
            check_cancel(job)
            batch, moved = self._read_batch(batch_size)
            if self.abandoned:
                return
            if not moved:
                if time.monotonic() - last_move > settings.REPLAY_STALL_S:
                    raise InvalidRequest(f"The source stopped advancing for {settings.REPLAY_STALL_S} s before the "
                                         "end of the range (an open transaction on it, or records deleted).")
                continue
            last_move = time.monotonic()
            writer.begin()
            kept = [record for record in batch if message_filter.matches(record[2], record[3], record[4])] \
                if message_filter.active else batch
            writer.send_all(target, kept, same_partition=self.same_partitions)
            for record in kept:
                self.written[record[0]] += 1
            writer.commit(self.source, {p: (self.positions[p], f"written={self.written[p]}") for p in moved},
                          STEP_TIMEOUT_S)
            finished = [p for p in self.active if self.positions[p] >= self.ranges[p][1]]
            if finished:
                self.reader.pause(finished)
                self.active = [p for p in self.active if p not in finished]
            job.report(self.done())
            pace.wait(self.done(), job)
        if not self.abandoned:
            job.report(self.done(), self.total, force=True)

    def _read_batch(self, batch_size):
        """Records inside the range, up to about `batch_size`, and the partitions whose position moved. A
        position also moves over transaction markers, to the readable end the reader reports."""
        batch, moved = [], set()
        positions, ranges = self.positions, self.ranges
        deadline = time.monotonic() + 1.0
        while len(batch) < batch_size and time.monotonic() < deadline:
            records, ends = self.reader.read(batch_size - len(batch), 0.2)
            reached = dict(ends)
            for record in records:
                p, offset = record[0], record[1]
                if p in positions and positions[p] <= offset < ranges[p][1]:
                    batch.append(record)
                reached[p] = offset + 1
            for p, position in reached.items():
                if p in self.active:
                    position = min(position, ranges[p][1])
                    if position > positions[p]:
                        positions[p] = position
                        moved.add(p)
            if not reached or all(positions[p] >= ranges[p][1] for p in self.active):
                break
        return batch, moved

    def result(self):
        written = sum(self.written.values())
        return {"read": self.done(), "written": written, "filtered_out": self.done() - written,
                "group": self.group, "ranges": self.checkpoint["ranges"]}

    def close(self):
        for client in (self.reader, self.writer):
            if client is not None:
                client.close()
        self.reader = self.writer = None
