"""In a real Chromium an admin follows links from the home page to a topic's Reassign partitions page, asks for a
higher replication factor, sees the plan (replicas before → after, bytes to copy) and applies it; the Reassignments
page it lands on is the cluster's, and Kafka ends with the planned replicas."""
import pytest

from tests.browser import with_server_password
from tests.live_helpers import user_with_role
from tests.topics import create_topic, kafka_describe, numbered, produce_records


@pytest.fixture
def admin_user(transactional_db, django_user_model):
    return with_server_password(user_with_role(django_user_model, "browser-admin", "admin"), "reassign-password")


@pytest.mark.browser
def test_an_admin_plans_and_applies_a_reassignment_by_following_links(server_url, cluster, admin_user, browser_page,
                                                                      unique_name):
    topic = create_topic(unique_name("chromium"), partitions=1)
    produce_records(topic, numbered({0: 20}))
    before = kafka_describe(topic)[0][1]
    page = browser_page
    page.goto(f"{server_url}/accounts/login/")
    page.fill("#id_username", "browser-admin")
    page.fill("#id_password", "reassign-password")
    page.click("input[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{server_url}/")
    page.click(f"a:text-is('{cluster.name}')")
    page.click("nav.strom-nav >> a:text-is('Topics')")
    page.fill("#searchbar", topic)
    page.click("#changelist-search input[type=submit]")
    page.click(f"#topics >> a:text-is('{topic}')")
    page.click("a:text-is('Reassign partitions')")
    page.fill("#id_replication_factor", "2")
    page.click("#reassign-form input[type=submit]")

    row = page.locator("#reassign-plan tbody tr")
    assert row.count() == 1
    assert row.locator("td.before").inner_text() == str(before[0])
    after = [int(b) for b in row.locator("td.after").inner_text().split(", ")]
    assert after[0] == before[0] and len(set(after)) == 2
    assert row.locator("td").nth(5).inner_text().endswith(("bytes", "KB"))
    page.click("#apply-form button[name=confirm]")

    page.wait_for_selector("#in-progress")
    assert page.url.endswith(f"/clusters/{cluster.name}/reassignments/")
    assert "Reassignment of 1 partition" in page.inner_text(".messagelist")
    for _ in range(60):
        if page.locator(f"#in-progress tr[data-topic='{topic}']").count() == 0:
            break
        page.wait_for_timeout(500)
        page.click("nav.strom-nav >> a:text-is('Reassignments')")
    assert kafka_describe(topic)[0][1] == after
