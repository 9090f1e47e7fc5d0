"""The Kafka lecture, in a real Chromium, through Strom's pages only: no address is typed but the home page.

An admin creates `pizza-…` with 3 partitions; an operator watches it live and produces a message, which shows
in Live and in Messages; a group `food-…` (committed with kafka-python, as the lecture's console consumer
would) shows on the topic's Consumer groups tab with its lag, and its page links back to the topic; the admin
changes retention and cleanup policy in the topic's settings and adds partitions, as Kafka's own tools then
confirm; a viewer sees the topic and its groups but no Produce and no edit. The header's API link opens
Swagger UI, served by Strom itself.

Playwright's sync API runs an event loop in the test's thread, where Django refuses ORM calls: every database
row is made by fixtures listed before `browser_page`."""
import pytest

from tests.browser import with_server_password
from tests.kafka_groups import commit
from tests.live_helpers import user_with_role
from tests.topics import kafka_describe, kafka_topic_configs

PASSWORD = "lecture-password"


@pytest.fixture
def people(transactional_db, django_user_model, cluster):
    """The three roles, with passwords hashed by a hasher the server's own settings know (the tests swap in a fast
    one)."""
    for role in ("viewer", "operator", "admin"):
        user = user_with_role(django_user_model, f"lecture-{role}", role)
        user.is_staff = role == "admin"
        with_server_password(user, PASSWORD)


def sign_in(page, home, role):
    page.goto(home)  # the one typed address: the home page sends an anonymous visitor to the login
    page.fill("#id_username", f"lecture-{role}")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector(f"#user-name:text('lecture-{role}')")


def sign_out(page):
    page.click("#logout-form button")
    page.wait_for_selector("#id_username")


def open_topic(page, cluster, topic):
    """From the home page: the cluster, its Topics, a search, the topic."""
    page.click(f"a:text-is('{cluster}')")
    page.click("nav.strom-nav >> text=Topics")
    page.fill("#searchbar", topic)
    page.click("#changelist-search input[type=submit]")
    page.click(f"#topics a:text-is('{topic}')")
    page.wait_for_selector("#topic-tabs")


def tab(page, name):
    page.click(f"#topic-tabs >> text={name}")
    page.wait_for_load_state()


def set_config(page, name, value, unit=None):
    """A config as a person sets it: an amount and its unit, or a choice."""
    if unit:
        page.fill(f'[name="amount:{name}"]', value)
        page.select_option(f'[name="unit:{name}"]', unit)
    else:
        page.select_option(f'[name="config:{name}"]', value)


@pytest.mark.browser
def test_the_kafka_lecture_through_the_pages(server_url, cluster, people, browser_page, unique_name):
    page, home = browser_page, f"{server_url}/"
    pizza, food = unique_name("pizza"), unique_name("food")

    # An admin creates the topic.
    sign_in(page, home, "admin")
    page.click(f"a:text-is('{cluster.name}')")
    page.click("nav.strom-nav >> text=Topics")
    page.click("text=Create a topic")
    page.fill("#id_name", pizza)
    page.fill("#id_partitions", "3")
    page.fill("#id_replication_factor", "1")
    page.click("input[type=submit][value='Create topic']")
    page.wait_for_selector("#partition-count:text('3')")
    assert sorted(kafka_describe(pizza)) == [0, 1, 2]
    sign_out(page)

    # An operator watches it live in one tab and produces in another.
    sign_in(page, home, "operator")
    open_topic(page, cluster.name, pizza)
    tab(page, "Live")
    page.wait_for_selector("#live-status:text('Live')")
    # A second window of the same signed-in browser.
    second = page.context.browser.new_context(storage_state=page.context.storage_state())
    producing = second.new_page()
    producing.goto(home)
    open_topic(producing, cluster.name, pizza)
    tab(producing, "Produce")
    producing.fill("#id_key", "margherita")
    producing.fill("#id_value", '{"pizza": "margherita", "size": "large"}')
    producing.click("#produce-form input[type=submit]")
    producing.wait_for_selector("#produced")
    page.wait_for_selector("tr.message")
    assert "margherita" in page.locator("tr.message td.message-key").first.inner_text()
    tab(producing, "Messages")
    assert "large" in producing.locator("#messages").inner_text()
    producing.click("#crumb-topic")
    producing.wait_for_selector("#topic-tabs")
    second.close()

    # A consumer group that read nothing yet: it lags by the one message.
    commit(food, pizza, {0: 0, 1: 0, 2: 0})
    tab(page, "Consumer groups")
    row = page.locator(f"#topic-groups tr[data-group='{food}']")
    assert row.locator("td.lag").inner_text() == "1"
    row.locator("a").click()
    page.wait_for_selector("#offsets")
    page.click(f"#offsets a:text-is('{pizza}')")
    page.wait_for_selector("#topic-tabs")
    sign_out(page)

    # The admin changes retention and cleanup policy, then adds partitions.
    sign_in(page, home, "admin")
    open_topic(page, cluster.name, pizza)
    tab(page, "Settings")
    set_config(page, "retention.ms", "1", unit="days")
    set_config(page, "cleanup.policy", "compact")
    page.click("input[type=submit][value='Save changes']")
    page.wait_for_selector("#retention")
    assert kafka_topic_configs(pizza) == {"retention.ms": "86400000", "cleanup.policy": "compact"}
    assert "1 day" in page.inner_text("#retention")
    page.click("text=Add partitions")
    page.fill("#id_count", "4")
    page.check("#id_understood")
    page.click("input[type=submit][value='Add partitions']")
    page.wait_for_selector("#partition-count:text('4')")
    assert sorted(kafka_describe(pizza)) == [0, 1, 2, 3]
    sign_out(page)

    # A viewer reads everything and is offered no change.
    sign_in(page, home, "viewer")
    open_topic(page, cluster.name, pizza)
    tabs = page.locator("#topic-tabs a").all_inner_texts()
    assert tabs == ["Overview", "Messages", "Live", "Consumer groups", "Settings"]
    assert page.locator("text=Edit configs").count() == 0
    assert page.locator("text=Add partitions").count() == 0
    tab(page, "Messages")
    assert "margherita" in page.locator("#messages").inner_text()
    tab(page, "Consumer groups")
    assert page.locator(f"#topic-groups tr[data-group='{food}'] td.lag").inner_text() == "1"
    page.click("#user-tools >> text=API")
    page.wait_for_selector(".swagger-ui .opblock")
