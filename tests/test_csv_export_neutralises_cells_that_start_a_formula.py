"""A CSV export opened in a spreadsheet runs no formula a record carried in its key, value or headers."""
import csv
import io
import json

from tests.topics import T0, create_topic, produce_records

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def test_keys_values_and_headers_that_start_a_formula_are_exported_inert(cluster, as_viewer, unique_name):
    name = create_topic(unique_name("csv-formula"))
    produce_records(name, [
        (0, b"=1+2", b'=HYPERLINK("http://example.invalid","click")', T0, [("=h", b"@SUM(A1)")]),
        (0, b"+k", b"-2+3", T0 + 1, [("h", b"=cmd|' /C calc'!A0")]),
        (0, b"@k", b"\tx", T0 + 2),
        (0, b"\rk", b"\xfb\xff", T0 + 3),
        (0, b"plain", b"a=b", T0 + 4),
    ])

    response = as_viewer.get(f"/api/v1/clusters/{cluster.name}/topics/{name}/messages/export/",
                             {"as": "csv", "order": "oldest"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))

    assert response.status_code == 200
    assert [(r["key"], r["value"]) for r in rows] == [
        ("'=1+2", "'=HYPERLINK(\"http://example.invalid\",\"click\")"),
        ("'+k", "'-2+3"),
        ("'@k", "'\tx"),
        ("'\rk", "'+/8="),
        ("plain", "a=b"),
    ]
    assert all(not cell.startswith(FORMULA_STARTS) for row in rows for cell in row.values())
    assert json.loads(rows[0]["headers"]) == [["=h", "@SUM(A1)", "utf-8"]]
