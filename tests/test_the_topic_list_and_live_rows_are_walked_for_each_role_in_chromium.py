"""In a real Chromium, through links only, each role walks the pages this work changed: the topic list's rows (now
built by one template tag), sorted by a column header, lead to their topic; the topic's live page shows a JSON
value indented (now by orjson), a non-ASCII one exactly, and markup inert."""
import pytest

from tests.browser import pwned
from tests.test_the_kafka_lecture_walked_through_the_pages_in_chromium import people, sign_in, sign_out  # noqa: F401
from tests.topics import T0, create_topic, numbered, produce_records

MARKUP = '<img src=x onerror="window.__pwned=1">'


@pytest.mark.browser
@pytest.mark.usefixtures("people")
def test_each_role_reaches_a_topic_from_its_list_row_and_watches_it_live(server_url, cluster, unique_name,
                                                                         request):
    topic = create_topic(unique_name("rows"), partitions=3, configs={"min.insync.replicas": "1"})
    produce_records(topic, numbered({0: 1200, 1: 1, 2: 1}))
    page = request.getfixturevalue("browser_page")

    for n, role in enumerate(("viewer", "operator", "admin")):
        sign_in(page, f"{server_url}/", role)
        page.click(f"a:text-is('{cluster.name}')")
        page.click("nav.strom-nav >> text=Topics")
        page.fill("#searchbar", topic)
        page.click("#changelist-search input[type=submit]")
        row = f"#topics tr:has(a:text-is('{topic}'))"
        cells = [cell.strip() for cell in page.locator(f"{row} td").all_inner_texts()]
        assert cells[:4] == [topic, "3", "1", f"{1202 + n:,}"]  # each role before produced one record live
        assert cells[6] == "healthy"
        assert page.get_attribute(f"{row} td:nth-child(5)", "title").endswith(" bytes")

        page.click("#topics th >> text=Partitions")  # sorting keeps the row and its link
        page.click(f"#topics a:text-is('{topic}')")
        page.wait_for_selector("#topic-tabs")

        page.click("#live-link")
        page.wait_for_selector("#live-status:text('Live')")
        produce_records(topic, [(0, MARKUP.encode(), '{"name": "Zoë", "n": [1, 2.5e-07]}'.encode(), T0 + n)])
        page.wait_for_selector("tr.message")
        shown = page.locator("tr.message").nth(0)
        assert shown.locator("td.message-value pre").inner_text() == (
            '{\n  "name": "Zoë",\n  "n": [\n    1,\n    2.5e-07\n  ]\n}')
        assert shown.locator("td.message-key pre").inner_text() == MARKUP
        assert pwned(page) is None
        sign_out(page)
