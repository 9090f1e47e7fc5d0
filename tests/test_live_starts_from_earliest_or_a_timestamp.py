"""A socket can start from the earliest record or from a timestamp: it first catches up on the
history, then the live records follow without a gap or a duplicate."""
from asgiref.sync import async_to_sync

from tests.live_helpers import collect, in_thread, live_path, nothing_more, started
from tests.topics import T0, create_topic, produce_records


def test_from_earliest_shows_the_history_then_the_live_records(cluster, viewer_cookie, unique_name):
    topic = create_topic(unique_name("live"), partitions=2)
    produce_records(topic, [(i % 2, None, f"old{i}".encode(), T0 + i) for i in range(10)])

    async def scenario():
        socket, positions = await started(live_path(cluster, topic, **{"from": "earliest"}), viewer_cookie)
        assert positions == {0: 0, 1: 0}
        history, _ = await collect(socket, 10)
        await in_thread(produce_records, topic, [(i % 2, None, f"new{i}".encode(), T0 + 100 + i) for i in range(6)])
        fresh, _ = await collect(socket, 6)
        assert await nothing_more(socket)
        await socket.disconnect()
        return history, fresh

    history, fresh = async_to_sync(scenario)()
    assert [m["value"] for m in history] == [f"old{i}" for i in range(10)]  # merged by timestamp
    assert sorted(m["value"] for m in fresh) == sorted(f"new{i}" for i in range(6))


def test_from_a_timestamp_starts_at_the_first_record_at_or_after_it(cluster, viewer_cookie, unique_name):
    topic = create_topic(unique_name("live"))
    produce_records(topic, [(0, None, f"old{i}".encode(), T0 + i * 1000) for i in range(10)])

    async def scenario():
        socket, positions = await started(live_path(cluster, topic, **{"from": T0 + 6500}), viewer_cookie)
        assert positions == {0: 7}
        history, _ = await collect(socket, 3)
        assert await nothing_more(socket)
        await socket.disconnect()
        return history

    assert [m["value"] for m in async_to_sync(scenario)()] == ["old7", "old8", "old9"]
