"""A socket that stops reading loses its oldest rows and is told how many; the reader and the
other sockets go on without waiting for it."""
import asyncio

from asgiref.sync import async_to_sync

from tests.live_helpers import collect, in_thread, live_path, started
from tests.topics import T0, create_topic, produce_records

N = 1500


def test_a_stalled_socket_drops_its_oldest_rows_and_delays_nobody(cluster, viewer_cookie, unique_name, settings):
    settings.LIVE_SOCKET_QUEUE = 200
    settings.LIVE_WINDOW_FRAMES = 2
    settings.LIVE_FRAME_ROWS = 20
    topic = create_topic(unique_name("live"))

    async def scenario():
        stalled, _ = await started(live_path(cluster, topic), viewer_cookie)
        reader, _ = await started(live_path(cluster, topic), viewer_cookie)
        reading = asyncio.create_task(collect(reader, N, timeout=20))
        await in_thread(produce_records, topic, [(0, None, f"v{i}".encode(), T0 + i) for i in range(N)])
        messages, dropped = await reading
        # The reading socket got every record, none dropped, while the stalled one acknowledged nothing.
        assert dropped == 0
        assert [m["offset"] for m in messages] == list(range(N))

        # The stalled socket got its window's worth, then lost the oldest rows, then the newest 200.
        late, late_dropped = await collect(stalled, N, timeout=10)
        assert late_dropped > 0
        assert len(late) + late_dropped == N
        offsets = [m["offset"] for m in late]
        assert offsets == sorted(offsets)
        assert offsets[0] == 0
        assert offsets[-200:] == list(range(N - 200, N))
        await stalled.disconnect()
        await reader.disconnect()

    async_to_sync(scenario)()
