"""In a real Chromium, through links only, each role walks the pages this work changed: the cluster overview's
alerts firing now, the topic list's rate, a topic's rate chart and its producers link, the group list's type, a
group's rate chart and uncommitted column, Transactions and Alerts; each is offered only the actions it may take."""
from datetime import timedelta

import pytest
from django.utils import timezone

from alerts_app.models import AlertRule
from alerts_app.services.evaluation import evaluate
from tests.kafka_groups import commit
from tests.test_the_kafka_lecture_walked_through_the_pages_in_chromium import open_topic, people, sign_in, sign_out  # noqa: F401
from tests.topics import create_topic, numbered, produce_records
from topics_app.services import lag_history


@pytest.mark.browser
@pytest.mark.usefixtures("people")
def test_each_role_walks_the_changed_pages_by_links(server_url, cluster, unique_name, request):
    topic, group = create_topic(unique_name("walk"), partitions=2), unique_name("g")
    produce_records(topic, numbered({0: 10, 1: 10}))
    commit(group, topic, {0: 2, 1: 2})
    before = timezone.now() - timedelta(seconds=30)
    lag_history.sample_cluster(cluster, before)
    produce_records(topic, numbered({0: 20}))
    lag_history.sample_cluster(cluster, before + timedelta(seconds=20))
    rule = AlertRule.objects.create(name=unique_name("walk-rule"), kind="group_lag", cluster=cluster, target=group,
                                    threshold=5)
    evaluate(rules=[rule])
    # The samples and the rule come first: Playwright's page runs an event loop, where Django's ORM may not be called.
    page = request.getfixturevalue("browser_page")

    for role in ("viewer", "operator", "admin"):
        sign_in(page, f"{server_url}/", role)
        page.click(f"a:text-is('{cluster.name}')")
        assert group in page.inner_text(f"#firing-now tr:has(a:text-is('{rule.name}'))")

        open_topic(page, cluster.name, topic)
        assert page.locator("#rate-history svg.strom-chart").count() == 1
        page.click("#producers-link")
        page.go_back()
        page.go_back()
        assert page.inner_text(f"#topics tr:has(a:text-is('{topic}')) td.rate") == "1.0"

        page.click("nav.strom-nav >> text=Consumer groups")
        page.fill("#id_q", group)
        page.click("#group-filters input[value='Filter']")
        assert "classic" in page.inner_text(f"tr:has(a:text-is('{group}'))")
        page.click(f"a:text-is('{group}')")
        assert page.locator("th:text-is('Uncommitted')").count() == 1
        assert page.locator("#rate-history").count() == 1

        page.click("nav.strom-nav >> text=Transactions")
        page.wait_for_selector("#transactions")
        page.click("nav.strom-nav >> text=Alerts")
        page.click(f"#rules a:text-is('{rule.name}')")
        assert page.locator("a:text-is('Silence')").count() == (role != "viewer")
        assert page.locator("a:text-is('Edit')").count() == (role == "admin")
        assert page.locator("a:text-is('Delete')").count() == (role == "admin")
        sign_out(page)
