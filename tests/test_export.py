"""Export streams the current selection as JSON Lines or CSV, within its bounds."""
import base64
import csv
import io
import json

import pytest

from tests.topics import T0, create_topic, fill, produce_records


@pytest.fixture
def topic(unique_name, cluster):
    name = create_topic(unique_name("export"), partitions=2)
    fill(name, partitions=2, per_partition=30)
    return name


def download(client, cluster, topic, **params):
    response = client.get(f"/api/v1/clusters/{cluster.name}/topics/{topic}/messages/export/", params)
    assert response.status_code == 200, response.content
    assert response.streaming
    return response, b"".join(response.streaming_content).decode()


def test_jsonl_export_holds_every_record_of_the_selection_in_order(cluster, as_viewer, topic):
    response, text = download(as_viewer, cluster, topic, **{"as": "jsonl"}, order="oldest")

    rows = [json.loads(line) for line in text.splitlines()]
    assert response["Content-Type"].startswith("application/x-ndjson")
    assert f'filename="{topic}.jsonl"' in response["Content-Disposition"]
    assert [(r["partition"], r["offset"]) for r in rows] == [(t % 2, t // 2) for t in range(60)]
    assert rows[0]["value"] == "p0-0" and rows[0]["key_encoding"] == "utf-8"


def test_export_applies_the_filters_and_start_of_the_page(cluster, as_viewer, topic):
    _, text = download(as_viewer, cluster, topic, **{"as": "jsonl"}, partition=1, order="newest", key_contains="k2")

    rows = [json.loads(line) for line in text.splitlines()]
    assert [r["value"] for r in rows] == [f"p1-{i}" for i in range(29, 19, -1)] + ["p1-2"]


def test_csv_export_has_a_header_row_and_one_row_per_record(cluster, as_viewer, unique_name):
    name = create_topic(unique_name("csv"))
    produce_records(name, [(0, b"a,b", b'say "hi"\nbye', T0, [("h", b"\xff")]), (0, b"k", b"\xff\x01", T0 + 1)])

    response, text = download(as_viewer, cluster, name, **{"as": "csv"})

    rows = list(csv.DictReader(io.StringIO(text)))
    assert response["Content-Type"].startswith("text/csv")
    assert [(r["key"], r["value"]) for r in rows] == [("a,b", 'say "hi"\nbye'),
                                                      ("k", base64.b64encode(b"\xff\x01").decode())]
    assert rows[1]["value_encoding"] == "base64"
    assert json.loads(rows[0]["headers"]) == [["h", base64.b64encode(b"\xff").decode(), "base64"]]


def test_export_stops_at_its_record_bound(cluster, as_viewer, topic, settings):
    settings.EXPORT_MAX_RECORDS = 25

    _, text = download(as_viewer, cluster, topic, **{"as": "jsonl"})
    assert len(text.splitlines()) == 25

    response = as_viewer.get(f"/api/v1/clusters/{cluster.name}/topics/{topic}/messages/export/", {"max_records": 26})
    assert response.status_code == 400 and response.json()["field"] == "max_records"


def test_export_stops_at_its_scan_bound(cluster, as_viewer, topic, settings):
    settings.EXPORT_MAX_SCAN = 20

    _, text = download(as_viewer, cluster, topic, **{"as": "jsonl"}, contains="p1")
    assert 0 < len(text.splitlines()) <= 20


def test_an_unknown_format_is_refused(cluster, as_viewer, topic):
    response = as_viewer.get(f"/api/v1/clusters/{cluster.name}/topics/{topic}/messages/export/", {"as": "xml"})

    assert response.status_code == 400
    assert response.json()["field"] == "as"


def test_the_page_offers_export_links_that_download(cluster, as_viewer, topic):
    page = as_viewer.get(f"/clusters/{cluster.name}/topics/{topic}/messages/", {"order": "oldest", "partition": 0})
    assert 'id="export-csv"' in page.content.decode()

    response = as_viewer.get(f"/clusters/{cluster.name}/topics/{topic}/messages/export/",
                             {"order": "oldest", "partition": 0, "as": "csv"})
    assert response.status_code == 200
    assert len(list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))) == 31
