"""WS /ws/jobs/<id>/ sends the job's progress frames through the real channel layer to a
logged-in user (a real session cookie through the whole ASGI stack), and refuses anyone else."""
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator

from config.asgi import application
from streams_app.models import Job
from tests.live_helpers import ORIGIN, session_cookie


def communicator(job_id, cookie=None):
    headers = [ORIGIN, (b"host", b"127.0.0.1:8000")]
    if cookie:
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    return WebsocketCommunicator(application, f"/ws/jobs/{job_id}/", headers=headers)


def test_a_viewer_receives_progress_frames_as_the_job_reports(transactional_db, personas, cluster):
    job = Job.objects.create(kind="generate", cluster=cluster, params={}, state="running", total=10)
    cookie = session_cookie(personas["viewer"])

    async def watch():
        socket = communicator(job.pk, cookie)
        connected, _ = await socket.connect()
        assert connected
        first = await socket.receive_json_from(timeout=5)
        await sync_to_async(job.report)(4, force=True)
        second = await socket.receive_json_from(timeout=5)
        await sync_to_async(job.finish)(Job.State.SUCCEEDED)
        third = await socket.receive_json_from(timeout=5)
        await socket.disconnect()
        return first, second, third

    first, second, third = async_to_sync(watch)()
    assert first == {"type": "progress", "state": "running", "done": 0, "total": 10, "error": ""}
    assert (second["done"], second["total"]) == (4, 10)
    assert third["state"] == "succeeded"


def test_an_anonymous_socket_is_refused(transactional_db, cluster):
    job = Job.objects.create(kind="generate", cluster=cluster, params={})

    async def connect():
        socket = communicator(job.pk)
        connected, _ = await socket.connect()
        # As the server does once it has refused the handshake: the consumer ends its own way, and nothing is
        # left running for the event loop's teardown to cancel.
        await socket.disconnect()
        return connected

    assert async_to_sync(connect)() is False


def test_a_failed_jobs_frame_names_the_file_but_shows_its_server_path_to_admins_only(transactional_db, personas,
                                                                                      cluster):
    path = "/srv/strom/job-files/0123abcd-orders.jsonl"
    job = Job.objects.create(kind="ingest", cluster=cluster, state="running",
                             params={"path": path, "file_name": "orders.jsonl", "topic": "orders"})

    async def error_seen_by(persona):
        socket = communicator(job.pk, await sync_to_async(session_cookie)(personas[persona]))
        await socket.connect()
        await socket.receive_json_from(timeout=5)
        await sync_to_async(job.finish)(Job.State.FAILED, error=f"cannot read {path}: gone")
        frame = await socket.receive_json_from(timeout=5)
        await socket.disconnect()
        await sync_to_async(Job.objects.filter(pk=job.pk).update)(state="running", error="")
        return frame["error"]

    assert async_to_sync(error_seen_by)("operator") == "cannot read orders.jsonl: gone"
    assert async_to_sync(error_seen_by)("admin") == f"cannot read {path}: gone"
