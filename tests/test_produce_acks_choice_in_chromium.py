"""In a real Chromium, an operator follows links from the topic list to the produce page, sees the acks choice
with what each one means ("all" chosen), picks acks=1 and is told the record was written with acks=1.

Playwright's sync API runs an event loop in the test's thread, where Django refuses ORM calls: every database
row is made by fixtures listed before `browser_page`."""
import pytest

from tests.browser import with_server_password
from tests.job_helpers import read_all
from tests.live_helpers import user_with_role
from tests.topics import create_topic


@pytest.fixture
def operator(transactional_db, django_user_model):
    return with_server_password(user_with_role(django_user_model, "acks-operator", "operator"), "acks-password")


@pytest.mark.browser
def test_an_operator_finds_the_acks_choice_and_produces_with_acks_1(server_url, cluster, operator, browser_page,
                                                                     unique_name):
    topic = create_topic(unique_name("acks"))
    page = browser_page
    page.goto(f"{server_url}/accounts/login/")
    page.fill("#id_username", "acks-operator")
    page.fill("#id_password", "acks-password")
    page.click("input[type=submit]")
    page.wait_for_load_state()

    page.click(f"a:text-is('{cluster.name}')")
    page.click("nav.strom-nav a:text-is('Topics')")
    page.fill("#searchbar", topic)
    page.press("#searchbar", "Enter")
    page.click(f"a:text-is('{topic}')")
    page.click("a:text-is('Produce')")

    choices = page.locator("input[name=acks]")
    assert [choices.nth(i).get_attribute("value") for i in range(choices.count())] == ["all", "1", "0"]
    assert page.is_checked("input[name=acks][value=all]")
    assert "0: not waited for" in page.inner_text("#produce-form")
    page.fill("#id_value", "from the browser")
    page.check("input[name=acks][value='1']")
    page.click("input[type=submit][value=Produce]")

    assert page.inner_text("#produced-acks") == "acks=1"
    assert [r[2] for r in read_all(topic)[0]] == [b"from the browser"]
