"""Records produced while a socket watches arrive, all of them, in order per partition, encoded like the API's."""
from asgiref.sync import async_to_sync

from tests.live_helpers import collect, in_thread, live_path, nothing_more, started
from tests.topics import create_topic, produce_records

N = 300


def test_every_record_produced_arrives_in_order_per_partition(cluster, viewer_cookie, unique_name):
    topic = create_topic(unique_name("live"), partitions=3)

    async def scenario():
        socket, positions = await started(live_path(cluster, topic), viewer_cookie)
        assert positions == {0: 0, 1: 0, 2: 0}
        records = [(i % 3, f"k{i}".encode(), f"v{i}".encode(), 1_700_000_000_000 + i) for i in range(N)]
        records.append((0, None, b"\xff\xfe", 1_700_000_001_000, [("h", b"x")]))
        await in_thread(produce_records, topic, records)
        messages, dropped = await collect(socket, N + 1)
        assert dropped == 0
        assert await nothing_more(socket)
        await socket.disconnect()
        return messages

    messages = async_to_sync(scenario)()
    for p in range(3):
        offsets = [m["offset"] for m in messages if m["partition"] == p]
        assert offsets == list(range(len(offsets)))
    assert sorted(m["value"] for m in messages if m["value_encoding"] == "utf-8") == sorted(f"v{i}" for i in range(N))
    binary = [m for m in messages if m["value_encoding"] == "base64"]
    assert binary[0].pop("shown") == {
        "key": {"text": "null", "format": "null", "note": "", "null": True, "cut": False},
        "value": {"text": "ff fe", "format": "hex", "note": "", "null": False, "cut": False},
        "headers": [["h", {"text": "x", "format": "text", "note": "", "null": False, "cut": False}]],
    }
    assert binary == [{"partition": 0, "offset": N // 3, "timestamp": 1_700_000_001_000, "key": None,
                       "value": "//4=", "headers": [["h", "x"]], "key_encoding": None, "value_encoding": "base64",
                       "header_encodings": ["utf-8"]}]

