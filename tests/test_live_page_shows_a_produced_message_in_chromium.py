"""In a real Chromium, the live page shows a message as soon as it is produced, rendered like
the message browser's rows (and inert), newest on top; pause holds rows back until resume.

Playwright's sync API runs an event loop in the test's thread, where Django refuses ORM calls:
every database row is made by fixtures listed before `browser_page`, so before Chromium starts."""
import pytest

from tests.browser import pwned, with_server_password
from tests.live_helpers import user_with_role
from tests.topics import T0, create_topic, produce_records

VALUE = '<img src=x onerror="window.__pwned=1">{"not": "json"'

@pytest.fixture
def viewer(transactional_db, django_user_model):
    return with_server_password(user_with_role(django_user_model, "browser-viewer", "viewer"), "live-password")


@pytest.mark.browser
def test_a_produced_message_appears_on_the_live_page(server_url, cluster, viewer, browser_page, unique_name):
    topic = create_topic(unique_name("live"), partitions=2)
    page = browser_page
    page.goto(f"{server_url}/accounts/login/")
    page.fill("#id_username", "browser-viewer")
    page.fill("#id_password", "live-password")
    page.click("input[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{server_url}/clusters/{cluster.name}/topics/{topic}/messages/")
    page.click("#live-link")
    page.wait_for_selector("#live-status:text('Live')")

    # One partition, so the order of arrival (newest on top) is Kafka's order.
    produce_records(topic, [(0, b"k1", VALUE.encode(), T0), (0, None, b'{"a": [1, 2]}', T0 + 1)])
    page.wait_for_selector("tr.message >> nth=1")
    rows = page.locator("tr.message")
    assert rows.nth(0).locator("td.message-value pre").inner_text() == '{\n  "a": [\n    1,\n    2\n  ]\n}'
    assert rows.nth(0).locator("td.message-key .strom-null").inner_text() == "null"
    assert rows.nth(1).locator("td.message-value pre").inner_text() == VALUE
    assert rows.nth(1).locator("td.message-key pre").inner_text() == "k1"
    assert page.inner_text("#count-received") == "2"
    assert page.inner_text("#count-shown") == "2"
    assert pwned(page) is None

    page.click("#live-pause")
    produce_records(topic, [(0, None, b"while paused", T0 + 2)])
    page.wait_for_selector("#count-received:text('3')")
    assert rows.count() == 2
    page.click("#live-pause")
    page.wait_for_selector("tr.message >> nth=2")
    assert rows.nth(0).locator("td.message-value pre").inner_text() == "while paused"

    page.click("#live-clear")
    assert rows.count() == 0
