"""A key, value, header or typed topic name holding <script>, HTML or quotes is shown as text
in a real Chromium, and no script runs.

Playwright's sync API runs an event loop in the test's thread, where Django refuses ORM calls:
every database row is made by fixtures listed before `browser_page`, so before Chromium starts."""
import json

import pytest
from django.contrib.auth.models import Group

from tests.browser import pwned
from tests.topics import T0, create_topic, produce_records

VALUE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
KEY = """<b onmouseover='window.__pwned=3'>"key" & 'quotes'</b>"""
HEADER_NAME = '<svg onload="window.__pwned=4">'
HEADER_VALUE = '"><script>window.__pwned=5</script>'
JSON_VALUE = json.dumps({"html": "</pre><script>window.__pwned=6</script>", "q": "\"'"})
TOPIC_RULE = "A topic name is 1 to 249 characters: ASCII letters, digits, '.', '_' and '-'."
TOPIC_TYPED = '"><script>window.__pwned=7</script>'


@pytest.fixture
def operator(transactional_db, django_user_model):
    """Created here, in the transactional database the live server sees."""
    user = django_user_model.objects.create_user("browser-operator", password="browser-password")
    user.groups.set([Group.objects.get_or_create(name="operator")[0]])
    return user


def log_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "browser-operator")
    page.fill("#id_password", "browser-password")
    page.click("input[type=submit]")
    page.wait_for_load_state()


@pytest.mark.browser
def test_script_and_html_in_messages_show_as_text_and_never_run(live_server, cluster, operator, browser_page,
                                                                  unique_name):
    topic = create_topic(unique_name("inert"))
    produce_records(topic, [
        (0, KEY.encode(), VALUE.encode(), T0, [(HEADER_NAME, HEADER_VALUE.encode())]),
        (0, b"json", JSON_VALUE.encode(), T0 + 1),
    ])
    page = browser_page
    log_in(page, live_server)
    base = f"{live_server.url}/clusters/{cluster.name}/topics/{topic}"

    page.goto(f"{base}/messages/?order=oldest")
    rows = page.locator("tr.message")
    assert rows.count() == 2
    assert rows.nth(0).locator("td.message-value .message-line").inner_text() == VALUE
    rows.nth(0).locator("td.message-value summary").click()
    rows.nth(1).locator("td.message-value summary").click()
    assert rows.nth(0).locator("td.message-value pre").first.inner_text() == VALUE
    assert rows.nth(0).locator("td.message-key pre").inner_text() == KEY
    assert HEADER_NAME in rows.nth(0).locator(".message-headers").inner_text()
    assert rows.nth(0).locator(".message-headers pre").inner_text() == HEADER_VALUE
    assert json.loads(rows.nth(1).locator("td.message-value pre").inner_text()) == json.loads(JSON_VALUE)
    inline_scripts = page.locator("script:not([src])")
    assert inline_scripts.evaluate_all("els => els.filter(e => e.textContent.includes('__pwned')).length") == 0
    rows.nth(0).locator("td.message-key pre").hover()
    assert pwned(page) is None

    page.goto(f"{base}/messages/0/0/")
    assert page.locator("td.message-value pre").inner_text() == VALUE
    assert pwned(page) is None

    page.goto(f"{base}/produce/?partition=0&offset=0")
    assert page.input_value("#id_value") == VALUE
    assert page.input_value("#id_key") == KEY
    assert pwned(page) is None

    page.fill("#id_topic", TOPIC_TYPED)
    page.click("#produce-form input[type=submit]")
    page.wait_for_load_state()
    assert page.input_value("#id_topic") == TOPIC_TYPED
    assert page.locator(".errorlist").first.inner_text() == TOPIC_RULE
    assert pwned(page) is None
