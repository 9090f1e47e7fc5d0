"""In a real Chromium, through links from the home page only: an admin creates a lag rule (a threshold that is not
a number refused first, next to the field), the home page then shows it firing; an operator silences it from the
cluster's navigation and is offered no edit or delete; a viewer reads it, silenced, with no buttons; the admin
deletes it after confirming."""
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.utils import timezone

from alerts_app.models import AlertRule
from alerts_app.services.evaluation import evaluate
from tests.test_the_kafka_lecture_walked_through_the_pages_in_chromium import people, sign_in, sign_out  # noqa: F401
from topics_app.models import LagSample


def off_the_loop(function):
    """The ORM in a thread of its own: Playwright's sync API runs an event loop in the test's thread, where Django
    refuses database calls."""
    def run():
        try:
            return function()
        finally:
            connection.close()
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()


def fire(cluster, name, group):
    LagSample.objects.create(cluster=cluster, group_id=group, topic="t", at=timezone.now(), lag=250, committed=0)
    evaluate(rules=list(AlertRule.objects.filter(name=name)))


@pytest.mark.browser
@pytest.mark.usefixtures("people")
def test_an_alert_rule_through_the_pages_for_each_role(server_url, cluster, unique_name, browser_page):
    page = browser_page
    home = f"{server_url}/"
    name, group = unique_name("chromium-rule"), unique_name("chromium-group")

    sign_in(page, home, "admin")
    page.click("a:text-is('Alerts')")
    page.click("a:text-is('New alert rule')")
    page.fill("[name='name']", name)
    page.select_option("[name='kind']", "group_lag")
    page.fill("[name='target']", group)
    page.fill("[name='threshold']", "a hundred")
    page.fill("[name='webhook_url']", "http://127.0.0.1:9/hook")
    page.click("input[value='Save rule']")
    assert "must be a number" in page.inner_text(".field-threshold .errorlist")
    page.fill("[name='threshold']", "100")
    page.click("input[value='Save rule']")
    page.wait_for_selector(f"text=Alert rule {name} saved.")
    assert "webhook http://127.0.0.1:9/hook" in page.inner_text("#rule")

    off_the_loop(lambda: fire(cluster, name, group))
    page.click("#site-name a, a:text-is('Clusters')")
    firing_row = page.locator(f"#firing-now tr:has(a:text-is('{name}'))")
    assert group in firing_row.inner_text() and "250" in firing_row.inner_text()
    sign_out(page)

    sign_in(page, home, "operator")
    page.click(f"a:text-is('{cluster.name}')")
    assert group in page.locator(f"#firing-now tr:has(a:text-is('{name}'))").inner_text()  # the cluster's overview
    page.click("nav.strom-nav >> text=Alerts")
    page.click(f"#rules a:text-is('{name}')")
    assert page.locator("a:text-is('Edit')").count() == 0 and page.locator("a:text-is('Delete')").count() == 0
    page.click("a:text-is('Silence')")
    page.fill("[name='until']", "2099-01-01T00:00")
    page.click("input[value='Silence']")
    page.wait_for_selector(f"text={name} is silenced until 2099-01-01 00:00.")
    assert page.inner_text("#silenced").startswith("until 2099-01-01")
    sign_out(page)

    sign_in(page, home, "viewer")
    page.click(f"#firing-now a:text-is('{name}')")
    assert page.inner_text("#silenced").startswith("until 2099-01-01")
    assert "firing" in page.inner_text("#firings")
    assert page.locator("#content a.button").count() == 0
    sign_out(page)

    sign_in(page, home, "admin")
    page.click("a:text-is('Alerts')")
    page.click(f"#rules a:text-is('{name}')")
    page.click("a:text-is('Delete')")
    page.check("[name='confirm']")
    page.click(f"input[value='Delete rule {name}']")
    page.wait_for_selector(f"text=Alert rule {name} deleted.")
    assert not off_the_loop(lambda: AlertRule.objects.filter(name=name).exists())
