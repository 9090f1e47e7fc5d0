"""In a real Chromium, an admin follows links from the home page to the brokers page and a broker's configs,
edits one dynamic config, sees the change before → after before it is made, confirms it, and deletes it again
the same way; a viewer reaches the same pages and is offered no edit."""
import pytest

from tests.browser import with_server_password
from tests.conftest import BOOTSTRAP, run_tool
from tests.live_helpers import user_with_role

CONFIG = "log.cleaner.threads"


@pytest.fixture
def admin(transactional_db, django_user_model):
    return with_server_password(user_with_role(django_user_model, "browser-admin", "admin"), "brokers-password")


@pytest.fixture
def config_reset():
    """Broker 2 loses its override of the config, whatever the test left behind."""
    yield
    describe = ["--bootstrap-server", BOOTSTRAP, "--entity-type", "brokers", "--entity-name", "2"]
    if f"  {CONFIG}=" in run_tool("kafka-configs", *describe, "--describe"):
        run_tool("kafka-configs", *describe, "--alter", "--delete-config", CONFIG)


@pytest.fixture
def viewer(transactional_db, django_user_model):
    return with_server_password(user_with_role(django_user_model, "browser-viewer", "viewer"), "brokers-password")


def log_in(page, server_url, username):
    page.goto(f"{server_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "brokers-password")
    page.click("input[type=submit]")
    page.wait_for_load_state()


def open_broker_two(page, server_url, cluster):
    page.goto(f"{server_url}/")
    page.click(f"text={cluster.name}")
    page.click("nav.strom-nav >> text=Brokers")
    page.wait_for_selector("#quorum-leader")
    page.click("#brokers tr[data-broker='2'] a")
    page.wait_for_selector("#configs")


def preview_and_apply(page, value):
    page.fill(f"[id='config-{CONFIG}']", value)
    page.click("input[value='Show the changes']")
    page.wait_for_selector("#config-plan")
    row = page.locator(f"#config-plan tr[data-config='{CONFIG}']")
    shown = (row.locator(".change-before").inner_text(), row.locator(".change-after").inner_text())
    page.click("input[value^='Apply']")
    page.wait_for_selector("#configs")
    return shown


@pytest.mark.browser
def test_an_admin_edits_a_brokers_config_after_seeing_the_change(server_url, cluster, admin, config_reset,
                                                                 browser_page):
    page = browser_page
    log_in(page, server_url, "browser-admin")
    open_broker_two(page, server_url, cluster)
    assert page.inner_text("#broker-state") == "up"
    row = page.locator(f"#configs tr[data-config='{CONFIG}']")
    before = row.locator(".config-value").inner_text()
    assert row.locator(".config-dynamic").inner_text() == "dynamic"
    assert page.locator("#configs tr[data-config='ssl.key.password'] .config-value").inner_text() == "(hidden)"

    page.click("text=Edit dynamic configs")
    assert preview_and_apply(page, "2") == (before, "2")
    assert f"Changed {CONFIG}: {before} → 2" in page.locator(".messagelist").text_content()
    page.wait_for_selector(f"#configs tr[data-config='{CONFIG}'] .config-value:has-text('2')")

    page.click("text=Edit dynamic configs")
    assert preview_and_apply(page, "") == ("2", before)
    assert f"Changed {CONFIG}: 2 → {before}" in page.locator(".messagelist").text_content()


@pytest.mark.browser
def test_a_viewer_reaches_the_brokers_pages_and_is_offered_no_edit(server_url, cluster, viewer, browser_page):
    page = browser_page
    log_in(page, server_url, "browser-viewer")
    open_broker_two(page, server_url, cluster)

    assert page.locator("text=Edit dynamic configs").count() == 0
    page.goto(f"{server_url}/clusters/{cluster.name}/brokers/2/configs/")
    assert "needs the admin role" in page.inner_text("body")
