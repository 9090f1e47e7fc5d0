"""An open socket (live viewer or job progress) keeps checking its user: after a logout or a deactivation
it gets an error frame and closes with 4401, after its role is removed with 4403. The check's interval is a
setting, made short here."""
import json

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.test import Client

from streams_app.models import Job
from tests.live_helpers import collect, in_thread, live_path, started, user_with_role
from tests.test_job_progress_socket import communicator
from tests.topics import create_topic, produce_records


@pytest.fixture(autouse=True)
def quick_access_checks(settings):
    settings.WEBSOCKET_ACCESS_CHECK_S = 0.3


def log_out(client, user):
    client.logout()


def deactivate(client, user):
    user.is_active = False
    user.save()


def remove_role(client, user):
    user.groups.clear()


CHANGES = [(log_out, 4401), (deactivate, 4401), (remove_role, 4403)]


@pytest.fixture
def logged_in(transactional_db, django_user_model):
    """A viewer's browser: (client, user, session cookie)."""
    user = user_with_role(django_user_model, "watcher", "viewer")
    client = Client()
    client.force_login(user)
    return client, user, client.cookies["sessionid"].value


async def ending(socket):
    frame = json.loads(await socket.receive_from(timeout=10))
    closed = await socket.receive_output(timeout=10)
    await socket.disconnect()
    return frame, closed


@pytest.mark.parametrize("change, code", CHANGES)
def test_a_live_socket_closes_when_its_user_loses_access(cluster, logged_in, unique_name, change, code):
    client, user, cookie = logged_in
    topic = create_topic(unique_name("live"))

    async def scenario():
        socket, _ = await started(live_path(cluster, topic), cookie)
        await in_thread(produce_records, topic, [(0, None, b"while allowed", None)])
        shown, _ = await collect(socket, 1)
        await sync_to_async(change)(client, user)
        return shown, await ending(socket)

    shown, (frame, closed) = async_to_sync(scenario)()
    assert [m["value"] for m in shown] == ["while allowed"]
    assert frame["type"] == "error" and closed["code"] == code, (frame, closed)


@pytest.mark.parametrize("change, code", CHANGES)
def test_a_job_socket_closes_when_its_user_loses_access(cluster, logged_in, change, code):
    client, user, cookie = logged_in
    job = Job.objects.create(kind="generate", cluster=cluster, params={}, state="running", total=10)

    async def scenario():
        socket = communicator(job.pk, cookie)
        connected, _ = await socket.connect()
        assert connected
        first = await socket.receive_json_from(timeout=5)
        await sync_to_async(change)(client, user)
        return first, await ending(socket)

    first, (frame, closed) = async_to_sync(scenario)()
    assert first["type"] == "progress"
    assert frame["type"] == "error" and closed["code"] == code, (frame, closed)
