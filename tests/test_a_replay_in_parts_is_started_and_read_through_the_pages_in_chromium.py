"""In a real Chromium, through links from the home page only: an operator starts a replay in two parts from the
Jobs page and sees it end with both parts listed; a viewer reads the same parts but cannot start, cancel or rerun
it; an admin reads them and may run it again."""
import os

import pytest

from tests.test_the_kafka_lecture_walked_through_the_pages_in_chromium import people, sign_in, sign_out  # noqa: F401
from tests.topics import create_topic, numbered, produce_records


@pytest.fixture
def server_queues_jobs_for_the_worker(jobs_queue, monkeypatch):
    """The server, started after this, hands jobs to the test's worker."""
    monkeypatch.setitem(os.environ, "JOBS_QUEUE", jobs_queue)


@pytest.fixture
def topics(kafka_broker, unique_name):
    source = create_topic(unique_name("src"), 3)
    produce_records(source, numbered({0: 100, 1: 100, 2: 100}))
    return source, create_topic(unique_name("dst"), 3)


def open_job(page, job_id):
    page.click("a:text-is('Jobs')")
    page.click(f"#jobs a:text-is('{job_id}')")
    page.wait_for_selector("#job-parts")


def parts_shown(page):
    rows = page.locator("#job-parts tbody tr")
    return [[rows.nth(i).locator("td").nth(n).inner_text() for n in (1, 2, 3)] for i in range(rows.count())]


@pytest.mark.browser
@pytest.mark.usefixtures("worker", "server_queues_jobs_for_the_worker", "people")
def test_a_replay_in_two_parts_through_the_pages_for_each_role(topics, server_url, cluster, browser_page):
    source, target = topics
    page = browser_page
    home = f"{server_url}/"
    ended = [["0, 2", "succeeded", "200 / 200"], ["1", "succeeded", "100 / 100"]]

    sign_in(page, home, "operator")
    page.click("a:text-is('Jobs')")
    page.click("a:text-is('Replay a topic')")
    page.fill("#id_source_topic", source)
    page.fill("#id_target_topic", target)
    page.fill("#id_parts", "2")
    page.click("#job-form input[type=submit]")
    page.wait_for_selector("#job-state:text('succeeded')", timeout=90_000)
    page.wait_for_selector("#job-parts")
    job_id = page.url.rstrip("/").rsplit("/", 1)[1]
    assert parts_shown(page) == ended
    sign_out(page)

    sign_in(page, home, "viewer")
    page.click("a:text-is('Jobs')")
    assert page.locator("a:text-is('Replay a topic')").count() == 0
    open_job(page, job_id)
    assert parts_shown(page) == ended
    assert page.locator("input[value='Run again']").count() == 0
    sign_out(page)

    sign_in(page, home, "admin")
    open_job(page, job_id)
    assert parts_shown(page) == ended
    assert page.locator("input[value='Run again']").count() == 1
