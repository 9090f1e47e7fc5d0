"""In a real Chromium, the live viewer's "from" takes a date and time: records from then on are shown,
earlier ones are not; Pause and Clear are buttons styled like the rest."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from tests.browser import with_server_password
from tests.live_helpers import user_with_role
from tests.topics import T0, create_topic, produce_records


@pytest.fixture
def viewer(transactional_db, django_user_model):
    return with_server_password(user_with_role(django_user_model, "browser-viewer", "viewer"), "live-password")


def as_input(ms):
    """What a person types into the datetime-local input for `ms`, in the server's time zone."""
    moment = datetime.fromtimestamp(ms / 1000, tz=ZoneInfo(settings.TIME_ZONE))
    return moment.replace(tzinfo=None).isoformat(timespec="seconds")


@pytest.mark.browser
def test_choosing_a_date_and_time_shows_records_from_then_on(server_url, cluster, viewer, browser_page, unique_name):
    topic = create_topic(unique_name("live"), partitions=1)
    produce_records(topic, [(0, None, f"v{i}".encode(), T0 + i * 10_000) for i in range(5)])
    page = browser_page
    page.goto(f"{server_url}/accounts/login/")
    page.fill("#id_username", "browser-viewer")
    page.fill("#id_password", "live-password")
    page.click("input[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{server_url}/clusters/{cluster.name}/topics/{topic}/live/")

    page.select_option("#id_from", "time")
    page.fill("#id_at", as_input(T0 + 25_000))
    page.click("#live-form input[type=submit]")
    page.wait_for_selector("tr.message >> nth=1")

    values = page.locator("tr.message td.message-value pre").all_inner_texts()
    assert values == ["v4", "v3"]
    assert f"from={T0 + 25_000}" not in page.url and "from=time" in page.url
    pause_background = page.eval_on_selector("#live-pause", "b => getComputedStyle(b).backgroundColor")
    # Chromium's own grey, which an unstyled button keeps
    assert pause_background not in ("rgba(0, 0, 0, 0)", "rgb(239, 239, 239)")
