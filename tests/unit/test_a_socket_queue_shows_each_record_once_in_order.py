"""Catch-up and live rows meet in one socket queue: each offset is shown once, in order per
partition, and only rows of the socket's partition and text."""
from streams_app.services.live_socket import SocketQueue


def row(offset, partition=0, key=None, value=b"v"):
    return [partition, offset, f'{{"offset":{offset}}}', key, value]


def spots(rows):
    return [(r[0], r[1]) for r in rows]


def test_live_rows_wait_until_the_catch_up_is_in_and_then_follow_it():
    queue = SocketQueue(100)
    queue.offer([row(3), row(4)])
    assert queue.take(10) == []

    queue.accept([row(0), row(1), row(2), row(3)])
    queue.release()

    assert spots(queue.take(10)) == [(0, 0), (0, 1), (0, 2), (0, 3), (0, 4)]


def test_a_row_already_shown_or_older_is_skipped():
    queue = SocketQueue(100)
    queue.release()
    queue.offer([row(5), row(6)])
    queue.offer([row(4), row(6), row(7)])

    assert spots(queue.take(10)) == [(0, 5), (0, 6), (0, 7)]


def test_each_partition_keeps_its_own_next_offset():
    queue = SocketQueue(100)
    queue.release()
    queue.offer([row(9, partition=0), row(2, partition=1)])
    queue.offer([row(3, partition=1), row(8, partition=0)])

    assert spots(queue.take(10)) == [(0, 9), (1, 2), (1, 3)]


def test_a_socket_on_one_partition_gets_only_that_partitions_rows():
    queue = SocketQueue(100, partition=1)
    queue.release()
    queue.offer([row(0, partition=0), row(0, partition=1), row(1, partition=2)])

    assert spots(queue.take(10)) == [(1, 0)]


def test_a_contains_socket_gets_rows_whose_key_or_value_holds_the_text():
    queue = SocketQueue(100, contains="needle")
    queue.release()
    queue.offer([row(0, value=b"hay"), row(1, key=b"a needle"), row(2, value=b"needles"), row(3, value=None)])

    assert spots(queue.take(10)) == [(0, 1), (0, 2)]


def test_rows_filtered_out_are_not_counted_as_dropped():
    queue = SocketQueue(1, contains="x")
    queue.release()
    queue.offer([row(0, value=b"a"), row(1, value=b"b"), row(2, value=b"x")])

    assert queue.take_dropped() == 0
    assert spots(queue.take(10)) == [(0, 2)]
