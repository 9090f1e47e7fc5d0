"""The open sockets of a process are checked together, once per session: a user who logs out loses every socket
of that session (two tabs, say), and another viewer of the same topic keeps receiving on the same socket."""
import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.test import Client

from tests.live_helpers import collect, in_thread, live_path, nothing_more, started, user_with_role
from tests.test_an_open_socket_closes_when_its_user_loses_access import ending
from tests.topics import create_topic, produce_records


@pytest.fixture(autouse=True)
def quick_access_checks(settings):
    settings.WEBSOCKET_ACCESS_CHECK_S = 0.3


def browser(django_user_model, name):
    client = Client()
    client.force_login(user_with_role(django_user_model, name, "viewer"))
    return client, client.cookies["sessionid"].value


def test_a_logout_closes_both_tabs_of_that_session_and_the_other_viewer_reads_on(transactional_db,
                                                                                 django_user_model, cluster,
                                                                                 unique_name):
    leaving, leaving_cookie = browser(django_user_model, "leaving-viewer")
    _, staying_cookie = browser(django_user_model, "staying-viewer")
    topic = create_topic(unique_name("two-viewers"))
    path = live_path(cluster, topic)

    async def scenario():
        tabs = [(await started(path, leaving_cookie))[0] for _ in range(2)]
        staying, _ = await started(path, staying_cookie)
        await in_thread(produce_records, topic, [(0, None, b"before the logout", None)])
        before = [await collect(socket, 1) for socket in (*tabs, staying)]
        await sync_to_async(leaving.logout)()
        endings = [await ending(tab) for tab in tabs]
        quiet = await nothing_more(staying, wait=1.0)  # three checks went by
        await in_thread(produce_records, topic, [(0, None, b"after the logout", None)])
        after, _ = await collect(staying, 1)
        await staying.disconnect()
        return before, endings, quiet, after

    before, endings, quiet, after = async_to_sync(scenario)()
    assert [[m["value"] for m in shown] for shown, _ in before] == [["before the logout"]] * 3
    assert [(frame["type"], closed["code"]) for frame, closed in endings] == [("error", 4401)] * 2
    assert quiet, "the other viewer was sent something while it was quiet"
    assert [m["value"] for m in after] == ["after the logout"]
