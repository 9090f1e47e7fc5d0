"""The message page shows the newest records first unless the order is asked for, whatever else
the URL holds (a page size, a filter, a partition)."""
import re

from tests.topics import T0, create_topic, produce_records


def shown_offsets(client, cluster, topic, params):
    html = client.get(f"/clusters/{cluster.name}/topics/{topic}/messages/", params).content.decode()
    return [int(offset) for offset in re.findall(r'<tr class="message"[^>]*data-offset="(\d+)"', html)]


def test_the_page_size_alone_keeps_the_newest_first(cluster, as_viewer, unique_name):
    topic = create_topic(unique_name("order"))
    produce_records(topic, [(0, None, f"v{i}".encode(), T0 + i) for i in range(5)])

    assert shown_offsets(as_viewer, cluster, topic, {"limit": 3}) == [4, 3, 2]


def test_a_filter_and_a_partition_keep_the_newest_first(cluster, as_viewer, unique_name):
    topic = create_topic(unique_name("order"))
    produce_records(topic, [(0, None, f"v{i}".encode(), T0 + i) for i in range(5)])

    assert shown_offsets(as_viewer, cluster, topic, {"contains": "v", "partition": 0}) == [4, 3, 2, 1, 0]


def test_asking_for_the_oldest_first_still_gives_it(cluster, as_viewer, unique_name):
    topic = create_topic(unique_name("order"))
    produce_records(topic, [(0, None, f"v{i}".encode(), T0 + i) for i in range(5)])

    assert shown_offsets(as_viewer, cluster, topic, {"order": "oldest", "limit": 3}) == [0, 1, 2]
