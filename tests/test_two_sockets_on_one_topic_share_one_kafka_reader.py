"""Every socket watching a topic is fed by one Kafka reader in this process; the last one out stops it."""
import threading
import time

from asgiref.sync import async_to_sync

from streams_app.services import live
from tests.live_helpers import collect, in_thread, live_path, started
from tests.topics import create_topic, produce_records


def reader_threads(topic):
    return [t for t in threading.enumerate() if t.name == f"strom-live-{topic}"]


def test_two_sockets_are_served_by_one_reader_that_stops_when_both_leave(cluster, viewer_cookie, unique_name):
    topic = create_topic(unique_name("live"), partitions=2)

    async def scenario():
        first, _ = await started(live_path(cluster, topic), viewer_cookie)
        second, _ = await started(live_path(cluster, topic, partition=1), viewer_cookie)
        assert [r.sockets for r in live.readers() if r.topic == topic] == [2]
        assert len(reader_threads(topic)) == 1
        await in_thread(produce_records, topic, [(i % 2, None, f"v{i}".encode(), 1_700_000_000_000) for i in range(20)])
        everything, _ = await collect(first, 20)
        partition_one, _ = await collect(second, 10)
        assert sorted(m["value"] for m in everything) == sorted(f"v{i}" for i in range(20))
        assert {m["partition"] for m in partition_one} == {1}
        await first.disconnect()
        assert [r.sockets for r in live.readers() if r.topic == topic] == [1]
        await second.disconnect()

    async_to_sync(scenario)()
    assert not [r for r in live.readers() if r.topic == topic]
    deadline = time.monotonic() + 30  # a bounded wait for the thread to end, not a speed check
    while reader_threads(topic) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not reader_threads(topic)
