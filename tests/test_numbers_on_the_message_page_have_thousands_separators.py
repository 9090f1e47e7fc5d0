"""Offsets and scan counts on the message page are written with thousands separators."""
from tests.topics import create_topic, produce_records


def test_offsets_and_the_scan_status_are_grouped_by_thousands(cluster, as_viewer, unique_name):
    topic = create_topic(unique_name("numbers"))
    produce_records(topic, [(0, None, b"hay", None)] * 1001)

    html = as_viewer.get(f"/clusters/{cluster.name}/topics/{topic}/messages/", {"limit": 1}).content.decode()
    assert '<td class="strom-num strom-nowrap message-offset">1,000</td>' in html

    html = as_viewer.get(f"/clusters/{cluster.name}/topics/{topic}/messages/",
                         {"contains": "needle"}).content.decode()
    assert "Scanned 1,001 records, matched 0" in html
