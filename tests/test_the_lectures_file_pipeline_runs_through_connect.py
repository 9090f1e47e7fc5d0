"""The lecture's exercise through Strom: a FileStreamSource connector reads a file of lines into a topic, the
message browser shows every line, lines appended to the file reach the live viewer, and a FileStreamSink
connector writes the topic back to a file equal byte for byte. Real Kafka, real Connect worker."""
from asgiref.sync import async_to_sync

from tests.connect_helpers import SINK, SOURCE, wait_for, wait_for_states
from tests.live_helpers import collect, in_thread, live_path, started
from tests.message_helpers import get_page
from tests.topics import create_topic

LINES = ["the first line", "<script>alert('markup stays text')</script>", "ünïcödé ☃ and emoji 🐟",
         "a\ttab and  two spaces", "{\"json\": [1, 2, 3]}", "the last line"]
MORE = ["appended one", "appended <b>two</b>", "appended three"]


def create(client, connect, name, config):
    response = client.post(f"/api/v1/connect/{connect.name}/connectors/", {"name": name, "config": config},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def values_in(client, cluster, topic):
    body = get_page(client, cluster, topic, order="oldest", limit=100)
    return [m["value"] for m in body["messages"]]


def test_lines_go_from_a_file_into_a_topic_and_back_to_a_file_byte_equal(
        as_admin, as_viewer, viewer_cookie, cluster, connect, connector_names, unique_name, tmp_path):
    topic = create_topic(unique_name("lecture"), partitions=1)
    source_file, sink_file = tmp_path / "input.txt", tmp_path / "output.txt"
    source_file.write_text("".join(f"{line}\n" for line in LINES), encoding="utf-8")

    source = connector_names("file-source")
    created = create(as_admin, connect, source, {"connector.class": SOURCE, "file": str(source_file), "topic": topic})
    assert created["type"] == "source" and created["class"] == SOURCE
    wait_for_states(source, "RUNNING", ["RUNNING"])

    # The message browser shows every line, in the file's order, as written.
    wait_for(lambda: len(values_in(as_viewer, cluster, topic)) == len(LINES), what="every line in the topic")
    assert values_in(as_viewer, cluster, topic) == LINES

    # Lines appended while the live viewer watches arrive there.
    async def watch_appended_lines():
        socket, _ = await started(live_path(cluster, topic), viewer_cookie)

        def append():
            with source_file.open("a", encoding="utf-8") as file:
                file.write("".join(f"{line}\n" for line in MORE))

        await in_thread(append)
        messages, dropped = await collect(socket, len(MORE), timeout=30)
        await socket.disconnect()
        return [m["value"] for m in messages], dropped

    seen, dropped = async_to_sync(watch_appended_lines)()
    assert (seen, dropped) == (MORE, 0)

    # A sink writes the topic back: the same bytes as the file that went in.
    sink = connector_names("file-sink")
    create(as_admin, connect, sink, {"connector.class": SINK, "file": str(sink_file), "topics": topic})
    wait_for(lambda: sink_file.exists() and sink_file.read_bytes() == source_file.read_bytes(), timeout=60,
             what="the sink's file equal to the source's")

    # Strom lists both, with the topic each one used.
    # Connect records a topic as used a moment after a task's first record, in its status topic.
    def connectors():
        return {c["name"]: c for c in as_viewer.get(f"/api/v1/connect/{connect.name}/connectors/").json()}

    wait_for(lambda: connectors()[sink]["topics"], what="the sink's topic in the list")
    listed = connectors()
    assert listed[source]["topics"] == [topic] and listed[sink]["topics"] == [topic]
    assert listed[source]["state"] == listed[sink]["state"] == "RUNNING"
