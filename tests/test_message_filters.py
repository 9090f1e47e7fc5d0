"""Each filter matches exactly the expected records, and respects the scan bound."""
import json
import re

import pytest

from tests.message_helpers import get_page, spots
from tests.topics import T0, create_topic, produce_records

RECORDS = [
    # partition, key, value, timestamp, headers
    (0, b"alice", json.dumps({"user": {"id": 7, "name": "Alice"}, "kind": "login"}).encode(), T0, [("trace", b"a1")]),
    (1, b"bob", json.dumps({"user": {"id": 8, "name": "Bob"}, "kind": "login"}).encode(), T0 + 1000,
     [("trace", b"b1")]),
    (0, b"alice", json.dumps({"user": {"id": 7}, "kind": "logout"}).encode(), T0 + 2000, [("source", b"web")]),
    (1, b"carol", b"plain text mentioning alice", T0 + 3000, []),
    (0, None, b"\xff\xfe not utf-8 but contains login", T0 + 4000, [("trace", b"\x00\x01")]),
    (1, b"alicia", json.dumps({"user": {"id": "7"}, "items": [{"sku": "X1"}]}).encode(), T0 + 5000, []),
    (0, b"dave", json.dumps({"user": {"id": True}}).encode(), T0 + 6000, []),
]


@pytest.fixture
def topic(unique_name, cluster):
    name = create_topic(unique_name("filters"), partitions=2)
    written = produce_records(name, RECORDS)
    return name, [(p, o) for p, o, *_ in written]


def matching(topic, client, cluster, **params):
    name, written = topic
    body = get_page(client, cluster, name, limit=100, **params)
    return {written.index(s) for s in spots(body)}, body


def test_key_equals_matches_only_that_exact_key(cluster, as_viewer, topic):
    assert matching(topic, as_viewer, cluster, key="alice")[0] == {0, 2}


def test_key_contains_matches_keys_with_that_text(cluster, as_viewer, topic):
    assert matching(topic, as_viewer, cluster, key_contains="ali")[0] == {0, 2, 5}


def test_value_contains_also_searches_values_that_are_not_utf8(cluster, as_viewer, topic):
    assert matching(topic, as_viewer, cluster, contains="login")[0] == {0, 1, 4}


def test_header_name_matches_records_carrying_that_header(cluster, as_viewer, topic):
    assert matching(topic, as_viewer, cluster, header_key="trace")[0] == {0, 1, 4}


def test_header_name_and_value_match_that_header_value(cluster, as_viewer, topic):
    assert matching(topic, as_viewer, cluster, header_key="trace", header_value="b1")[0] == {1}


def test_json_field_equals_a_number_by_dotted_path(cluster, as_viewer, topic):
    # "7" the string (record 5) is text equal to 7 as typed; true (record 6) is not 7... nor 1
    assert matching(topic, as_viewer, cluster, json_path="user.id", json_value="7")[0] == {0, 2, 5}


def test_json_field_equals_a_string_and_walks_into_lists(cluster, as_viewer, topic):
    assert matching(topic, as_viewer, cluster, json_path="user.name", json_value="Bob")[0] == {1}
    assert matching(topic, as_viewer, cluster, json_path="items.0.sku", json_value="X1")[0] == {5}
    assert matching(topic, as_viewer, cluster, json_path="user.id", json_value="true")[0] == {6}


def test_filters_combine_as_and(cluster, as_viewer, topic):
    assert matching(topic, as_viewer, cluster, key="alice", contains="logout")[0] == {2}


def test_the_status_counts_what_was_scanned_and_matched(cluster, as_viewer, topic):
    _, body = matching(topic, as_viewer, cluster, key="alice")

    assert body["scan"]["scanned"] == 7
    assert body["scan"]["matched"] == 2
    assert body["scan"]["bounded"] is False


def test_a_filtered_scan_stops_at_the_bound_and_continues_from_there(cluster, as_viewer, unique_name, settings):
    name = create_topic(unique_name("bound"), partitions=1)
    values = [b"needle" if i % 10 == 9 else b"hay" for i in range(100)]  # needles at offsets 9, 19, ... 99
    produce_records(name, [(0, None, v, T0 + i) for i, v in enumerate(values)])
    settings.BROWSE_MAX_SCAN = 25

    found, scanned_total, body = [], 0, get_page(as_viewer, cluster, name, contains="needle", limit=100)
    pages = 1
    while True:
        assert body["scan"]["scanned"] <= 25
        scanned_total += body["scan"]["scanned"]
        found += [m["offset"] for m in body["messages"]]
        if not body["next"]:
            break
        assert body["scan"]["bounded"] is True
        assert body["scan"]["stopped_at"] == {"0": body["next"]["positions"]["0"]}
        body = get_page(as_viewer, cluster, name, cursor=body["next"]["cursor"], contains="needle", limit=100)
        pages += 1

    assert found == list(range(9, 100, 10))
    assert scanned_total == 100
    assert pages == 4


def test_the_page_shows_the_scan_status_and_a_continue_link(cluster, as_viewer, unique_name, settings):
    name = create_topic(unique_name("status"), partitions=1)
    produce_records(name, [(0, None, b"hay", T0 + i) for i in range(30)])
    settings.BROWSE_MAX_SCAN = 10

    html = as_viewer.get(f"/clusters/{cluster.name}/topics/{name}/messages/",
                         {"order": "oldest", "contains": "needle"}).content.decode()

    text = re.sub(r"<[^>]+>", "", html)
    assert "Scanned 10 records, matched 0, showing 0;" in text
    assert "stopped at offset 10." in text
    assert 'id="continue"' in html


@pytest.mark.parametrize("params, field", [
    ({"header_value": "x"}, "header_key"),
    ({"json_value": "x"}, "json_path"),
    ({"json_path": "user..id"}, "json_path"),
])
def test_an_incomplete_filter_is_refused_naming_the_field(cluster, as_viewer, topic, params, field):
    response = as_viewer.get(f"/api/v1/clusters/{cluster.name}/topics/{topic[0]}/messages/", params)

    assert response.status_code == 400
    assert response.json()["field"] == field
