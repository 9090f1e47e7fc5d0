"""A socket that reconnects with the last offset it showed per partition gets every record it
missed while away, then the live ones: no gap, no duplicate."""
from asgiref.sync import async_to_sync

from tests.live_helpers import collect, in_thread, live_path, nothing_more, started
from tests.topics import create_topic, produce_records


def batch(start, count):
    return [(i % 2, None, f"v{i}".encode(), 1_700_000_000_000 + i) for i in range(start, start + count)]


def test_reconnecting_with_last_offsets_gives_no_gap_and_no_duplicate(cluster, viewer_cookie, unique_name):
    topic = create_topic(unique_name("live"), partitions=2)

    async def scenario():
        socket, _ = await started(live_path(cluster, topic), viewer_cookie)
        await in_thread(produce_records, topic, batch(0, 40))
        before, _ = await collect(socket, 40)
        await socket.disconnect()

        await in_thread(produce_records, topic, batch(40, 30))  # while nobody watches
        last = {p: max(m["offset"] for m in before if m["partition"] == p) for p in (0, 1)}
        resume = ",".join(f"{p}:{o}" for p, o in last.items())
        socket, positions = await started(live_path(cluster, topic, resume=resume), viewer_cookie)
        assert positions == {0: 20, 1: 20}
        await in_thread(produce_records, topic, batch(70, 30))
        after, dropped = await collect(socket, 60)
        assert dropped == 0
        assert await nothing_more(socket)
        await socket.disconnect()
        return before + after

    shown = async_to_sync(scenario)()
    assert sorted(m["value"] for m in shown) == sorted(f"v{i}" for i in range(100))
    for p in (0, 1):
        assert [m["offset"] for m in shown if m["partition"] == p] == list(range(50))
