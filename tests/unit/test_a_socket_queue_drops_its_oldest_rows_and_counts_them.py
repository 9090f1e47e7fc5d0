"""A live socket's queue holds at most `size` rows: past that the oldest go, and the count of
rows lost is reported once."""
from streams_app.services.live_socket import SocketQueue


def row(offset, partition=0, key=None, value=b"v"):
    return [partition, offset, f'{{"offset":{offset}}}', key, value]


def offsets(rows):
    return [r[1] for r in rows]


def live_queue(size, **options):
    """A queue past its catch-up, taking live rows directly."""
    queue = SocketQueue(size, **options)
    queue.release()
    return queue


def test_a_queue_within_its_size_keeps_every_row_and_drops_none():
    queue = live_queue(5)
    queue.offer([row(0), row(1), row(2)])

    assert offsets(queue.take(10)) == [0, 1, 2]
    assert queue.take_dropped() == 0


def test_a_full_queue_keeps_the_newest_rows_and_counts_the_rest():
    queue = live_queue(3)
    queue.offer([row(0), row(1)])
    queue.offer([row(2), row(3), row(4)])

    assert queue.take_dropped() == 2
    assert offsets(queue.take(10)) == [2, 3, 4]


def test_one_burst_larger_than_the_queue_keeps_its_last_rows():
    queue = live_queue(4)
    queue.offer([row(i) for i in range(10)])

    assert offsets(queue.take(10)) == [6, 7, 8, 9]
    assert queue.take_dropped() == 6


def test_the_drop_count_is_reported_once():
    queue = live_queue(1)
    queue.offer([row(0), row(1)])

    assert queue.take_dropped() == 1
    assert queue.take_dropped() == 0


def test_rows_held_during_the_catch_up_are_bounded_too():
    queue = SocketQueue(2)
    queue.offer([row(0), row(1), row(2)])
    queue.release()

    assert queue.take_dropped() == 1
    assert offsets(queue.take(10)) == [1, 2]


def test_take_hands_out_at_most_the_rows_asked_for_in_order():
    queue = live_queue(10)
    queue.offer([row(i) for i in range(5)])

    assert offsets(queue.take(2)) == [0, 1]
    assert offsets(queue.take(2)) == [2, 3]
    assert offsets(queue.take(2)) == [4]
    assert queue.take(2) == []
