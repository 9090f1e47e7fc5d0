"""A viewer follows links from the home page to a group of the new consumer protocol (KIP-848), run by Kafka's
console consumer with group.protocol=consumer: the list shows its type, and its page shows its member with the
member's epoch and partitions, as `kafka-consumer-groups --describe --members --verbose` prints them.

Playwright's sync API runs an event loop in the test's thread, where Django refuses ORM calls: the waiting is
done through the pages and Kafka's tools."""
import time

import pytest

from tests.consumer_protocol import ConsoleConsumer, members_by_tool
from tests.test_the_kafka_lecture_walked_through_the_pages_in_chromium import people, sign_in  # noqa: F401
from tests.topics import create_topic, numbered, produce_records


def reload_until(page, condition, timeout_s=90):
    """Reload the page, as a person waiting for something to show would, until `condition()` holds."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"{page.url} never showed what the test waits for"
        time.sleep(0.5)
        page.reload()


@pytest.mark.browser
def test_a_viewer_reaches_a_consumer_protocol_groups_members(server_url, cluster, people,  # noqa: F811
                                                              browser_page, unique_name):
    page, home = browser_page, f"{server_url}/"
    topic, group = unique_name("kip848"), unique_name("g")
    create_topic(topic, 3)
    produce_records(topic, numbered({0: 2, 1: 2, 2: 2}))
    consumer = ConsoleConsumer(topic, group, f"{group}-client")
    try:
        sign_in(page, home, "viewer")
        page.click(f"a:text-is('{cluster.name}')")
        page.click("nav.strom-nav >> text=Consumer groups")
        page.fill("#id_q", group)
        page.click("#group-filters input[type=submit]")
        row = page.locator(f"#groups tr[data-group='{group}']")
        # The console consumer's JVM starts, then it joins: the list shows the group from then on.
        reload_until(page, lambda: row.count() == 1)
        assert row.locator("td.group-type").inner_text() == "consumer"
        row.locator(f"a:text-is('{group}')").click()
        page.wait_for_selector("#members")
        # The member takes up its partitions in its first few heartbeats.
        reload_until(page, lambda: page.inner_text("#group-state") == "Stable"
                     and page.locator("#members tr[data-member]").count() == 1
                     and page.inner_text("#members td.assigned") == page.inner_text("#members td.target"))
        kafka = members_by_tool(group)
    finally:
        consumer.stop()

    [(member_id, member)] = kafka.items()
    shown = page.locator(f"#members tr[data-member='{member_id}']")
    assert shown.locator("td").nth(1).inner_text() == member["client_id"] == f"{group}-client"
    assert shown.locator("td.member-epoch").inner_text() == str(member["member_epoch"])
    assert shown.locator("td.assigned").inner_text() == ", ".join(f"{t}-{p}" for t, p in sorted(member["assigned"]))
    assert sorted(member["assigned"]) == [(topic, 0), (topic, 1), (topic, 2)]
    assert page.inner_text("#group-type") == "consumer"
