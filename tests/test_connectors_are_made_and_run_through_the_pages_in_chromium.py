"""In a real Chromium, through links from the home page only: an admin creates a FileStreamSource connector
from its plugin's form (Connect's objection shown next to the field first), pauses and resumes it, edits its
config and deletes it after typing its name; an operator gets the state buttons but not the admin's links; a
viewer reads the connector and its tasks and gets no buttons."""
import pytest

from tests.connect_helpers import states, wait_for
from tests.test_the_kafka_lecture_walked_through_the_pages_in_chromium import people, sign_in, sign_out  # noqa: F401
from tests.topics import create_topic


def open_connect(page):
    page.click("a:text-is('Kafka Connect')")
    page.click("#connect-clusters a:text-is('local')")
    page.wait_for_selector("#connectors")


def open_connector(page, name):
    open_connect(page)
    page.click(f"#connectors a:text-is('{name}')")
    page.wait_for_selector("#connector-state")


def shown(page):
    return page.inner_text("#connector-state"), page.locator("#tasks tbody tr td.state").all_inner_texts()


def reload_until(page, condition, describe, tries=60):
    """The connector's page, reloaded as a person would until it shows what Connect applies a moment after
    taking a change (a new state; a topic, once the source has written to it)."""
    for _ in range(tries):
        if condition():
            return
        page.wait_for_timeout(500)
        page.reload()
    raise AssertionError(f"the page still shows {describe()}")


def shown_states_become(page, connector, tasks):
    reload_until(page, lambda: shown(page) == (connector, tasks),
                 lambda: f"{shown(page)}, not {(connector, tasks)}")


@pytest.mark.browser
@pytest.mark.usefixtures("people")
def test_a_connector_through_the_pages_for_each_role(server_url, connect, connector_names, unique_name, tmp_path,
                                                     browser_page):
    page = browser_page
    home = f"{server_url}/"
    topic = create_topic(unique_name("pages"), partitions=1)
    (tmp_path / "in.txt").write_text("one\ntwo\n")
    (tmp_path / "other.txt").write_text("three\n")
    name = connector_names("pages")

    sign_in(page, home, "admin")
    open_connect(page)
    page.click("a:text-is('Plugins')")
    page.click("a:text-is('New FileStreamSourceConnector connector')")
    page.fill("[name='name']", name)
    page.fill("[name='file']", str(tmp_path / "in.txt"))
    page.click("input[value='Create the connector']")
    error = page.locator(".field-topic .errorlist")
    assert error.inner_text() == 'Missing required configuration "topic" which has no default value.'
    assert page.input_value("[name='file']") == str(tmp_path / "in.txt")
    page.fill("[name='topic']", topic)
    page.click("input[value='Create the connector']")
    page.wait_for_selector(f"text=Connector {name} created.")
    shown_states_become(page, "RUNNING", ["RUNNING"])
    topic_link = page.locator(f"#connector-topics a:text-is('{topic}')")
    reload_until(page, lambda: topic_link.count() == 1, lambda: page.inner_text("#connector-topics"))

    page.click("input[value='Pause']")
    page.wait_for_selector(f"text=Connector {name} paused.")
    shown_states_become(page, "PAUSED", ["PAUSED"])
    page.click("input[value='Resume']")
    shown_states_become(page, "RUNNING", ["RUNNING"])

    page.click("a:text-is('Edit the config')")
    page.fill("[name='file']", str(tmp_path / "other.txt"))
    page.click("input[value='Save the config']")
    page.wait_for_selector(f"text=The config of {name} was changed.")
    assert str(tmp_path / "other.txt") in page.inner_text("#config")
    sign_out(page)

    sign_in(page, home, "operator")
    open_connector(page, name)
    assert page.locator("#connector-actions input[value='Stop']").count() == 1
    assert page.locator("a:text-is('Edit the config')").count() == 0
    assert page.locator("a:text-is('Delete')").count() == 0
    sign_out(page)

    sign_in(page, home, "viewer")
    open_connector(page, name)
    assert page.locator("#tasks tbody tr td.state").all_inner_texts() == ["RUNNING"]
    assert page.locator("#connector-actions").count() == 0
    assert page.locator("input[value='Restart task 0']").count() == 0
    sign_out(page)

    sign_in(page, home, "admin")
    open_connector(page, name)
    page.click("a:text-is('Delete')")
    page.fill("#id_confirm_name", "not the name")
    page.click(f"input[value='Delete connector {name}']")
    page.wait_for_selector("text=This is not the connector's name.")
    assert states(name)[0] == "RUNNING"
    page.fill("#id_confirm_name", name)
    page.click(f"input[value='Delete connector {name}']")
    page.wait_for_selector(f"text=Connector {name} deleted.")
    assert page.locator(f"#connectors a:text-is('{name}')").count() == 0
    wait_for(lambda: states(name) == (None, []), what=f"{name} gone from Connect")
