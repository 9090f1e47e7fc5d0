"""A socket with nothing to say stays open. A live viewer on a quiet topic and a job's progress socket sit
idle for a minute on a real server (uvicorn), then each still gets what comes next on the same connection.
(redis-py's 5 s read timeout, as long as channels_redis' blocking receive, used to close them with 1011.)"""
import asyncio
import json

import websockets
from asgiref.sync import async_to_sync, sync_to_async

from streams_app.models import Job
from tests.live_helpers import in_thread, live_path
from tests.topics import create_topic, produce_records

IDLE_S = 60


def test_a_live_socket_and_a_job_socket_idle_for_a_minute_still_deliver(server_url, cluster, viewer_cookie,
                                                                        unique_name):
    topic = create_topic(unique_name("idle"))
    job = Job.objects.create(kind="generate", cluster=cluster, params={}, state="running", total=10)
    socket_url = server_url.replace("http://", "ws://")
    options = {"origin": server_url, "additional_headers": [("Cookie", f"sessionid={viewer_cookie}")]}

    async def scenario():
        async with websockets.connect(socket_url + live_path(cluster, topic), **options) as live_socket, \
                websockets.connect(f"{socket_url}/ws/jobs/{job.pk}/", **options) as job_socket:
            assert json.loads(await live_socket.recv())["type"] == "start"
            assert json.loads(await job_socket.recv())["done"] == 0
            await asyncio.sleep(IDLE_S)
            await in_thread(produce_records, topic, [(0, None, b"after a quiet minute", None)])
            await sync_to_async(job.report)(4, force=True)
            live_frame = json.loads(await asyncio.wait_for(live_socket.recv(), 20))
            job_frame = json.loads(await asyncio.wait_for(job_socket.recv(), 20))
            return live_frame, job_frame

    live_frame, job_frame = async_to_sync(scenario)()
    assert live_frame["type"] == "messages"
    assert [m["value"] for m in live_frame["messages"]] == ["after a quiet minute"]
    assert (job_frame["type"], job_frame["done"]) == ("progress", 4)
