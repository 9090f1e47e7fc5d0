"""A value search on a long topic goes on past the per-request scan bound by itself in Chromium:
matches appear as they are found, with what was scanned so far, until the range ends or Stop."""
import re

import pytest

from tests.browser import with_server_password
from tests.live_helpers import user_with_role
from tests.topics import create_topic, produce_values

# Past BROWSE_MAX_SCAN (10,000), so the first request stops at its bound.
NEEDLES = {5: b"needle-early", 15_000: b"needle-middle", 29_000: b"needle-late"}


@pytest.fixture
def viewer(transactional_db, django_user_model):
    return with_server_password(user_with_role(django_user_model, "search-viewer", "viewer"), "search-password")


def search(page, server_url, cluster, topic, text):
    page.goto(server_url)  # the home page sends a visitor to the login, then back
    page.fill("#id_username", "search-viewer")
    page.fill("#id_password", "search-password")
    page.click("input[type=submit]")
    page.click(f"a:text-is('{cluster.name}')")
    page.click("nav.strom-nav >> text=Topics")
    page.fill("#searchbar", topic)
    page.click("#changelist-search input[type=submit]")
    page.click(f"#topics a:text-is('{topic}')")
    page.click("#topic-tabs >> text=Messages")
    page.select_option("#id_order", "oldest")
    page.fill("#id_contains", text)
    page.click("input[value='Show messages']")


def scanned(page):
    return int(re.search(r"scanned ([\d,]+) records", page.inner_text("#scan-progress-text")).group(1).replace(",", ""))


@pytest.mark.browser
def test_matches_beyond_the_scan_bound_appear_without_a_click(server_url, cluster, viewer, browser_page,
                                                              unique_name):
    topic = create_topic(unique_name("search"))
    produce_values(topic, [NEEDLES.get(i, f"hay-{i}".encode()) for i in range(30_000)])
    page = browser_page

    search(page, server_url, cluster, topic, "needle")

    page.wait_for_selector("#scan-progress-text:text-matches('^Done')", timeout=60_000)
    offsets = [int(o.replace(",", "")) for o in page.locator("tr.message td.message-offset").all_inner_texts()]
    assert offsets == sorted(NEEDLES)
    values = page.locator("tr.message .message-line").all_inner_texts()
    assert values == [v.decode() for _, v in sorted(NEEDLES.items())]
    assert scanned(page) == 30_000
    assert "matched 3, showing 3" in page.inner_text("#scan-progress-text")
    assert page.locator("#continue").count() == 0


@pytest.mark.browser
def test_stop_ends_the_scan_and_leaves_a_link_to_go_on(server_url, cluster, viewer, browser_page, unique_name):
    topic = create_topic(unique_name("search"))
    produce_values(topic, [b"needle-first"] + [f"hay-{i}".encode() for i in range(300_000)])
    page = browser_page

    search(page, server_url, cluster, topic, "needle")
    page.wait_for_selector("#scan-progress-text:text-matches('^Scanning')")
    page.click("#scan-stop")

    page.wait_for_selector("#scan-progress-text:text-matches('^Stopped')")
    after_stop = scanned(page)
    page.wait_for_timeout(3000)
    assert scanned(page) == after_stop < 300_001
    assert page.locator("#scan-stop").is_hidden()
    assert page.locator("tr.message").count() == 1
    assert "cursor=" in page.get_attribute("#continue", "href")
