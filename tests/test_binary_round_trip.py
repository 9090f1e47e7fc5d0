"""Binary and invalid-UTF-8 keys, values and headers round-trip through the API byte for byte."""
import base64
import os

from kafka import KafkaConsumer, TopicPartition

from tests.conftest import BOOTSTRAP
from tests.message_helpers import get_page
from tests.topics import T0, create_topic, produce_records

BINARY = bytes(range(256))
INVALID_UTF8 = b"caf\xc3 \xff\xfe\x80 end"


def b64(data):
    return base64.b64encode(data).decode()


def read_back(topic, partition, offset):
    consumer = KafkaConsumer(bootstrap_servers=BOOTSTRAP, group_id=None, enable_auto_commit=False)
    try:
        tp = TopicPartition(topic, partition)
        consumer.assign([tp])
        consumer.seek(tp, offset)
        for _ in range(20):
            for records in consumer.poll(timeout_ms=500).values():
                return records[0]
    finally:
        consumer.close()
    raise AssertionError("record not found")


def test_binary_and_invalid_utf8_records_come_back_as_base64(cluster, as_viewer, unique_name):
    topic = create_topic(unique_name("binary"))
    produce_records(topic, [
        (0, BINARY, INVALID_UTF8, T0, [("bin", b"\x00\xff"), ("text", "ünï".encode())]),
        (0, "clé".encode(), "välue ✓".encode(), T0 + 1, []),
        (0, b"gone", None, T0 + 2, []),
    ])

    binary, text, tombstone = get_page(as_viewer, cluster, topic)["messages"]

    assert (binary["key_encoding"], binary["value_encoding"]) == ("base64", "base64")
    assert base64.b64decode(binary["key"]) == BINARY
    assert base64.b64decode(binary["value"]) == INVALID_UTF8
    assert binary["headers"] == [["bin", b64(b"\x00\xff")], ["text", "ünï"]]
    assert binary["header_encodings"] == ["base64", "utf-8"]
    assert (text["key"], text["value"], text["key_encoding"]) == ("clé", "välue ✓", "utf-8")
    assert tombstone["key"] == "gone" and tombstone["value"] is None and tombstone["value_encoding"] is None


def test_what_the_api_produces_in_base64_is_stored_byte_for_byte(cluster, as_operator, unique_name):
    topic = create_topic(unique_name("binary"))
    key, value = os.urandom(64), INVALID_UTF8 + os.urandom(300)

    response = as_operator.post(
        f"/api/v1/clusters/{cluster.name}/topics/{topic}/messages/",
        {"key": b64(key), "key_encoding": "base64", "value": b64(value), "value_encoding": "base64",
         "headers": [["h", b64(b"\xfe\xff")]], "header_encodings": ["base64"], "partition": 0},
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    record = read_back(topic, 0, response.json()["offset"])
    assert (record.key, record.value) == (key, value)
    assert list(record.headers) == [("h", b"\xfe\xff")]


def test_a_browsed_binary_message_produced_again_is_identical(cluster, as_operator, unique_name):
    topic = create_topic(unique_name("binary"))
    produce_records(topic, [(0, BINARY, INVALID_UTF8, T0, [("bin", b"\x00\xff")])])
    browsed = get_page(as_operator, cluster, topic)["messages"][0]

    body = {k: browsed[k] for k in ("key", "value", "headers", "key_encoding", "value_encoding", "header_encodings")}
    response = as_operator.post(f"/api/v1/clusters/{cluster.name}/topics/{topic}/messages/", body,
                                content_type="application/json")

    record = read_back(topic, 0, response.json()["offset"])
    assert (record.key, record.value, list(record.headers)) == (BINARY, INVALID_UTF8, [("bin", b"\x00\xff")])


def test_the_page_shows_invalid_utf8_as_hex_exactly(cluster, as_viewer, unique_name):
    topic = create_topic(unique_name("binary"))
    produce_records(topic, [(0, b"k", INVALID_UTF8, T0)])

    html = as_viewer.get(f"/clusters/{cluster.name}/topics/{topic}/messages/").content.decode()

    assert INVALID_UTF8.hex(" ") in html
