"""On a real server (uvicorn), a socket opens from the page's own origin, and is refused from another port of the same
host (http://127.0.0.1:31337, http://localhost:1), which the HTTP CSRF check refuses as well."""
import asyncio
import json

import pytest
import websockets
from asgiref.sync import async_to_sync
from websockets.exceptions import InvalidStatus

from tests.live_helpers import live_path
from tests.topics import create_topic


def opening(server_url, path, origin, cookie):
    async def scenario():
        async with websockets.connect(server_url.replace("http://", "ws://") + path, origin=origin,
                                      additional_headers=[("Cookie", f"sessionid={cookie}")]) as socket:
            return json.loads(await asyncio.wait_for(socket.recv(), 20))

    return async_to_sync(scenario)()


def test_the_pages_own_origin_opens_a_socket(server_url, cluster, viewer_cookie, unique_name):
    topic = create_topic(unique_name("live"))

    assert opening(server_url, live_path(cluster, topic), server_url, viewer_cookie)["type"] == "start"


def test_another_port_of_an_allowed_host_is_refused(server_url, cluster, viewer_cookie):
    for origin in ("http://127.0.0.1:31337", "http://localhost:1"):
        for path in (live_path(cluster, "any-topic"), "/ws/jobs/1/"):
            with pytest.raises(InvalidStatus) as refused:
                opening(server_url, path, origin, viewer_cookie)

            assert refused.value.response.status_code == 403, (origin, path)
