"""Every query parameter is checked; a bad one gets an error frame naming it, and the socket closes (4400)
having given back everything it took: the topic's shared reader stops when no socket is left."""
import json

import pytest
from asgiref.sync import async_to_sync

from streams_app.services import live
from tests.live_helpers import collect, in_thread, live_path, open_socket, started
from tests.test_live_refuses_anonymous_and_roleless_sockets import refusal
from tests.topics import create_topic, produce_records

HUGE = "100000000000000000000"
SUPERSCRIPT_TWO = "%C2%B2"  # '²' as a browser sends it: str.isdigit() says yes, int() says no


@pytest.mark.parametrize("params, field", [
    ({"from": "yesterday"}, "from"),
    ({"from": "-5"}, "from"),
    ({"partition": "one"}, "partition"),
    ({"partition": "7"}, "partition"),
    ({"contains": "x" * 201}, "contains"),
    ({"resume": "0-41"}, "resume"),
    ({"resume": "0:-2"}, "resume"),
    ({"resume": "5:10"}, "resume"),
    ({"offset": "3"}, "offset"),
    ({"from": HUGE}, "from"),
    ({"from": SUPERSCRIPT_TWO}, "from"),
    ({"partition": SUPERSCRIPT_TWO}, "partition"),
    ({"resume": "0:9223372036854775808"}, "resume"),
    ({"ring": "9" * 5000}, "ring"),
])
def test_a_bad_parameter_is_refused_naming_it(cluster, viewer_cookie, unique_name, params, field):
    topic = create_topic(unique_name("live"), partitions=2)
    frame, closed = async_to_sync(refusal)(live_path(cluster, topic, **params), viewer_cookie)
    assert frame["type"] == "error"
    assert frame["detail"]["field"] == field, frame
    assert field in frame["detail"]["message"]
    assert closed["code"] == 4400


def test_a_missing_topic_is_refused(cluster, viewer_cookie, unique_name):
    frame, closed = async_to_sync(refusal)(live_path(cluster, unique_name("missing")), viewer_cookie)
    assert frame["type"] == "error" and "No topic named" in frame["detail"]["message"]
    assert closed["code"] == 4404


def test_a_missing_cluster_is_refused(cluster, viewer_cookie):
    frame, closed = async_to_sync(refusal)("/ws/clusters/nowhere/topics/t/live/", viewer_cookie)
    assert frame == {"type": "error", "detail": "No cluster named 'nowhere'."}
    assert closed["code"] == 4404


def readers_of(topic):
    return [reader.sockets for reader in live.readers() if reader.topic == topic]


@pytest.mark.parametrize("params", [{"from": HUGE}, {"partition": "5"}, {"resume": "3:0"}])
def test_a_refused_socket_gives_its_reader_back_and_the_next_socket_works(cluster, viewer_cookie, unique_name,
                                                                          params):
    """These are refused after the socket took the topic's reader: the refusal must give it back."""
    topic = create_topic(unique_name("live"), partitions=2)

    async def scenario():
        socket = await open_socket(live_path(cluster, topic, **params), viewer_cookie)
        frame = json.loads(await socket.receive_from(timeout=10))
        closed = await socket.receive_output(timeout=10)
        await socket.disconnect()
        assert frame["type"] == "error" and closed["code"] == 4400, (frame, closed)
        assert readers_of(topic) == []
        later, _ = await started(live_path(cluster, topic), viewer_cookie)
        assert readers_of(topic) == [1]
        await in_thread(produce_records, topic, [(1, None, b"after the refusal", None)])
        messages, _ = await collect(later, 1)
        await later.disconnect()
        return messages

    messages = async_to_sync(scenario)()
    assert [m["value"] for m in messages] == ["after the refusal"]
    assert readers_of(topic) == []
