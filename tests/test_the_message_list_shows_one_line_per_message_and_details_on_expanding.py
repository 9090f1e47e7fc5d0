"""Each message is one line (key, value preview, headers count, size); its whole value, pretty
JSON and headers are in a <details> that opens on a click."""
import json
import re
from html import unescape

from tests.topics import T0, create_topic, produce_records

JSON_VALUE = json.dumps({"user": {"id": 7, "tags": ["a", "b"]}})
BINARY = bytes(range(128, 256)) * 2  # not UTF-8: shown as hex


def rows(client, cluster, topic):
    html = client.get(f"/clusters/{cluster.name}/topics/{topic}/messages/", {"order": "oldest"}).content.decode()
    return re.findall(r'<tr class="message".*?</tr>', html, flags=re.S)


def cell(row, name):
    return re.search(rf'<td class="[^"]*{name}[^"]*">(.*?)</td>', row, flags=re.S).group(1)


def summary(row):
    return unescape(re.search(r"<summary[^>]*>(.*?)</summary>", row, flags=re.S).group(1))


def expanded(row):
    return unescape(re.search(r"</summary>(.*?)</details>", row, flags=re.S).group(1))


def test_a_json_value_is_one_compact_line_and_pretty_when_expanded(cluster, as_viewer, unique_name):
    topic = create_topic(unique_name("lines"))
    produce_records(topic, [(0, b"user-7", JSON_VALUE.encode(), T0, [("trace", b"t1"), ("source", b"web")])])

    [row] = rows(as_viewer, cluster, topic)

    assert row.count("<details") == 1
    assert '{"user":{"id":7,"tags":["a","b"]}}' in summary(row)
    assert "\n" not in re.sub(r"<[^>]+>", "", summary(row))
    assert json.dumps(json.loads(JSON_VALUE), indent=2) in expanded(row)
    assert "trace" in expanded(row) and "source" in expanded(row)
    assert cell(row, "message-header-count").strip() == "2"
    size = len(b"user-7") + len(JSON_VALUE) + len("trace") + 2 + len("source") + 3
    assert cell(row, "message-size").strip() == f"{size} B"


def test_a_value_on_several_lines_is_previewed_on_one(cluster, as_viewer, unique_name):
    topic = create_topic(unique_name("lines"))
    produce_records(topic, [(0, None, b"first line\nsecond line", T0)])

    [row] = rows(as_viewer, cluster, topic)

    assert "first line second line" in summary(row)
    assert "first line\nsecond line" in expanded(row)


def test_hex_is_never_cut_inside_a_byte(cluster, as_viewer, unique_name):
    topic = create_topic(unique_name("lines"))
    produce_records(topic, [(0, None, BINARY, T0)])

    [row] = rows(as_viewer, cluster, topic)

    preview = re.sub(r"<[^>]+>", "", summary(row)).strip().rstrip("…")
    assert preview and all(len(byte) == 2 for byte in preview.split(" "))
    shown = re.search(r'<pre class="strom-data" data-format="hex">(.*?)</pre>', row, flags=re.S).group(1)
    assert all(len(byte) == 2 for byte in shown.split(" "))
    assert BINARY.hex(" ").startswith(shown)
