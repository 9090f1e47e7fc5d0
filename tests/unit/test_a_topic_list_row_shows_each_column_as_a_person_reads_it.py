"""A row of the topic list: a link to the topic, counts with thousands separators, the size as a person reads it
(exact bytes on hover), the rate or a dash before the second sample, and each health problem with its count."""
import re
from types import SimpleNamespace

from django.template import Context, Template
from django.urls import reverse

from topics_app.services.health import Health
from topics_app.services.topics import TopicSummary

ROWS = Template("{% load strom %}{% for t in topics %}{% topic_row t %}{% endfor %}")


def cells(topic):
    html = ROWS.render(Context({"topics": [topic], "cluster": SimpleNamespace(name="local")}))
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", html)], html


def test_a_healthy_topic_row_shows_its_counts_size_and_no_rate_yet():
    shown, html = cells(TopicSummary("orders.v1", 12, 3, False, False, 1234567, 9876543210, Health(), None))
    assert shown == ["orders.v1", "12", "3", "1,234,567", "9.2 GB", "—", "healthy"]
    assert '<a href="/clusters/local/topics/orders.v1/">orders.v1</a>' in html
    assert 'title="9,876,543,210 bytes"' in html


def test_an_internal_topic_with_problems_names_each_with_its_partition_count():
    problems = Health(under_replicated=2, under_min_isr=1, offline=0, leader_imbalance=3)
    shown, html = cells(TopicSummary("__consumer_offsets", 50, 3, True, True, 0, 0, problems, 12.5))
    assert shown == ["__consumer_offsets (internal)", "50", "3", "0", "0 bytes", "12.5",
                     "Under-replicated: 2 partitions; Under min ISR: 1 partition; Leader not preferred: 3 partitions"]
    assert html.count('alt="problem"') == 1


def test_each_rows_link_is_the_one_reverse_gives_for_its_cluster_and_name():
    names = ["orders.v1", "topic", "a_b-c.topic", "__consumer_offsets", "...x", "T" * 249]
    for cluster in ["local", "topic", "prod_eu-1"]:
        html = ROWS.render(Context({"topics": [TopicSummary(name, 1, 1, False, False, 0, 0) for name in names],
                                    "cluster": SimpleNamespace(name=cluster)}))
        links = re.findall(r'<a href="([^"]+)">', html)
        assert links == [reverse("topics_app:topic-detail", args=[cluster, name]) for name in names]


def test_a_name_with_markup_is_shown_as_text_and_its_link_stays_inside_the_attribute():
    _, html = cells(TopicSummary('<b>"x"&y', 1, 1, False, False, 0, 0))
    assert '<a href="/clusters/local/topics/%3Cb%3E%22x%22&amp;y/">&lt;b&gt;&quot;x&quot;&amp;y</a>' in html
    assert "<b>" not in html
