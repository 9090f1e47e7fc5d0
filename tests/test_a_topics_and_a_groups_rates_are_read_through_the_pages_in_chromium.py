"""In a real Chromium, through links from the home page: a viewer finds a topic's messages/s in the topic list,
its rate over time per partition on its page (and over another window), and the rate its consumer group
consumes under the group's lag chart."""
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.kafka_groups import commit
from tests.test_the_kafka_lecture_walked_through_the_pages_in_chromium import open_topic, people, sign_in  # noqa: F401
from tests.topics import create_topic, numbered, produce_records
from topics_app.services import lag_history


@pytest.mark.browser
@pytest.mark.usefixtures("people")
def test_a_viewer_reads_the_rates_in_and_consumed_through_the_pages(server_url, cluster, unique_name, request):
    topic, group = create_topic(unique_name("rates"), partitions=2), unique_name("g")
    produce_records(topic, numbered({0: 10, 1: 10}))
    commit(group, topic, {0: 10, 1: 10})
    before = timezone.now() - timedelta(seconds=30)
    lag_history.sample_cluster(cluster, before)
    produce_records(topic, numbered({0: 200, 1: 100}))
    commit(group, topic, {0: 110, 1: 60})
    lag_history.sample_cluster(cluster, before + timedelta(seconds=20))
    # The samples are taken first: Playwright's page runs an event loop, where Django's ORM may not be called.
    page = request.getfixturevalue("browser_page")

    sign_in(page, f"{server_url}/", "viewer")
    open_topic(page, cluster.name, topic)
    page.go_back()
    assert page.inner_text(f"#topics tr:has(a:text-is('{topic}')) td.rate") == "15.0"
    page.click(f"#topics a:text-is('{topic}')")

    chart = page.locator("#rate-history svg.strom-chart")
    assert chart.get_attribute("aria-label") == f"Messages in of {topic} over 1h"
    assert page.locator("#rate-history polyline").evaluate_all("lines => lines.map(l => l.dataset.series)") == [
        "partition 0", "partition 1", "total"]
    assert page.text_content("#rate-history polyline[data-series='total'] title") == "total: latest 15.0"
    page.click("#rate-history a:text-is('6h')")
    assert chart.get_attribute("aria-label") == f"Messages in of {topic} over 6h"

    page.click("nav.strom-nav >> text=Consumer groups")
    page.fill("#id_q", group)
    page.click("#group-filters input[value='Filter']")
    page.click(f"a:text-is('{group}')")
    consumed = page.locator("#rate-history svg.strom-chart")
    assert consumed.get_attribute("aria-label") == f"Messages consumed of {group} over 1h"
    assert page.text_content("#rate-history polyline[data-series='total'] title") == "total: latest 7.5"
