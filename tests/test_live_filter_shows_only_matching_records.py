"""The live filter runs on the server: only records whose key or value contains the text are sent."""
from asgiref.sync import async_to_sync

from tests.live_helpers import collect, in_thread, live_path, nothing_more, started
from tests.topics import T0, create_topic, produce_records


def test_only_records_whose_key_or_value_contains_the_text_arrive(cluster, viewer_cookie, unique_name):
    topic = create_topic(unique_name("live"))

    async def scenario():
        socket, _ = await started(live_path(cluster, topic, contains="needle"), viewer_cookie)
        await in_thread(produce_records, topic, [
            (0, b"k1", b"hay", T0), (0, b"needle-key", b"hay", T0), (0, b"k3", b"a needle here", T0),
            (0, None, b"\xffneedle\xfe", T0), (0, b"k5", None, T0), (0, b"k6", b"NEEDLE", T0),
        ])
        shown, _ = await collect(socket, 3)
        assert await nothing_more(socket)
        await socket.disconnect()
        return shown

    assert [m["offset"] for m in async_to_sync(scenario)()] == [1, 2, 3]
