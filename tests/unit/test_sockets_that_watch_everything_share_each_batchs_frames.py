"""A batch from the topic's reader is encoded into messages frames once: every socket that watches the whole
topic unfiltered and has shown everything before it sends those same texts. A socket that watches one
partition, filters, or has rows waiting builds its own frames from the rows, with the same content."""
import json

from streams_app.services.live_socket import Batch, SocketQueue


def row(offset, partition=0, key=None, value=b"v"):
    return [partition, offset, json.dumps({"partition": partition, "offset": offset}), key, value]


def live_queue(size=100, **options):
    queue = SocketQueue(size, **options)
    queue.release()
    return queue


def sent(queue, frame_rows=500):
    """The texts the socket's drain would send, in order."""
    texts = []
    while (text := queue.next_frame(frame_rows)) is not None:
        texts.append(text)
    return texts


def shown(texts):
    return [(m["partition"], m["offset"]) for text in texts for m in json.loads(text)["messages"]]


def test_two_caught_up_sockets_send_the_very_same_frame_texts():
    batch = Batch([row(0), row(0, partition=1), row(1)], frame_rows=2)
    first, second = live_queue(), live_queue()
    first.offer(batch)
    second.offer(batch)

    texts = sent(first, frame_rows=2)
    assert texts == sent(second, frame_rows=2)
    assert all(a is b for a, b in zip(texts, [frame.text for frame in batch.frames], strict=True))
    assert shown(texts) == [(0, 0), (1, 0), (0, 1)]


def test_a_socket_on_one_partition_or_with_a_filter_gets_only_its_rows():
    batch = Batch([row(0, key=b"apple"), row(0, partition=1, key=b"pear"), row(1, key=b"apple pie")], 500)
    one_partition, filtered = live_queue(partition=1), live_queue(contains="apple")
    one_partition.offer(batch)
    filtered.offer(batch)

    assert shown(sent(one_partition)) == [(1, 0)]
    assert shown(sent(filtered)) == [(0, 0), (0, 1)]


def test_a_batch_overlapping_what_was_shown_sends_only_the_new_rows():
    queue = live_queue()
    queue.offer(Batch([row(0), row(1)], 500))
    queue.offer(Batch([row(1), row(2)], 500))

    assert shown(sent(queue)) == [(0, 0), (0, 1), (0, 2)]


def test_rows_waiting_keep_their_order_ahead_of_a_new_batch():
    queue = live_queue()
    queue.offer(Batch([row(0)], 500))
    queue.offer([row(1)])  # rows, as the catch-up hands them
    queue.offer(Batch([row(2)], 500))

    assert shown(sent(queue)) == [(0, 0), (0, 1), (0, 2)]


def test_a_slow_socket_keeps_its_newest_rows_and_counts_the_ones_it_lost():
    queue = live_queue(size=4)
    for start in range(0, 9, 3):
        queue.offer(Batch([row(start), row(start + 1), row(start + 2)], 500))

    assert shown(sent(queue)) == [(0, 5), (0, 6), (0, 7), (0, 8)]
    assert queue.take_dropped() == 5


def test_a_socket_behind_by_several_frames_sends_them_joined_up_to_a_frames_rows():
    queue = live_queue()
    for offset in range(5):
        queue.offer(Batch([row(offset)], 500))

    texts = sent(queue, frame_rows=3)
    assert [len(json.loads(text)["messages"]) for text in texts] == [3, 2]
    assert shown(texts) == [(0, offset) for offset in range(5)]
