"""In a real Chromium, through links only, for each role: the navigation's and the home page's "Kafka Connect"
links lead to the Connect clusters, their connectors and plugins; a topic's delete page (its typed-name form shared
with the connector's) is offered to an admin only, refuses a wrong name next to the field and deletes on the
right one."""
import pytest

from tests.conftest import BOOTSTRAP, run_tool
from tests.test_the_kafka_lecture_walked_through_the_pages_in_chromium import open_topic, people, sign_in, sign_out  # noqa: F401
from tests.topics import create_topic


def topic_exists(topic):
    return topic in run_tool("kafka-topics", "--bootstrap-server", BOOTSTRAP, "--list").split()


def walk_to_connect(page, cluster):
    page.click(f"a:text-is('{cluster.name}')")
    page.click("nav.strom-nav >> text=Kafka Connect")
    page.click("#connect-clusters a:text-is('local')")
    page.wait_for_selector("#connectors")
    page.click("a:text-is('Plugins')")
    page.wait_for_selector("#plugins td:text-is('org.apache.kafka.connect.file.FileStreamSourceConnector')")


@pytest.mark.browser
@pytest.mark.usefixtures("people", "connect")
def test_connect_and_the_topic_delete_form_through_the_pages_for_each_role(server_url, cluster, browser_page,
                                                                            unique_name):
    page = browser_page
    home = f"{server_url}/"
    topic = create_topic(unique_name("walk"), partitions=1)

    for role in ("viewer", "operator"):
        sign_in(page, home, role)
        walk_to_connect(page, cluster)
        assert page.locator("a:has-text('New FileStreamSourceConnector connector')").count() == 0
        page.click("#site-name a")  # the home page again, by the header's link
        assert page.locator("a:text-is('Kafka Connect')").count() == 1
        open_topic(page, cluster.name, topic)
        assert page.locator("a.deletelink:text-is('Delete')").count() == 0
        sign_out(page)

    sign_in(page, home, "admin")
    page.click("a:text-is('Kafka Connect')")  # the home page's link
    page.wait_for_selector("#connect-clusters")
    page.click("#site-name a")
    walk_to_connect(page, cluster)
    assert page.locator("a:has-text('New FileStreamSourceConnector connector')").count() == 1
    page.click("#site-name a")
    open_topic(page, cluster.name, topic)
    page.click("a.deletelink:text-is('Delete')")
    page.fill("#id_confirm_name", "not-the-topic")
    page.click(f"input[value='Delete topic {topic}']")
    error = page.locator(".field-confirm_name .errorlist")
    assert error.inner_text() == "This is not the topic's name."
    assert page.locator("label[for='id_confirm_name']").inner_text().startswith("Type the topic's name to confirm")
    assert topic_exists(topic)
    page.fill("#id_confirm_name", topic)
    page.click(f"input[value='Delete topic {topic}']")
    page.wait_for_selector(f"text=Topic {topic} deleted.")
    assert not topic_exists(topic)
