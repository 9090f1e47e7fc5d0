"""Helpers for the live viewer tests: real sessions, real websockets through the whole ASGI stack."""
import asyncio
import json
import time

import pytest
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import Group
from django.test import Client

from config.asgi import application

ORIGIN = (b"origin", b"http://127.0.0.1:8000")


def session_cookie(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def user_with_role(django_user_model, username, role):
    user = django_user_model.objects.create_user(username, password="live-password")
    if role:
        user.groups.set([Group.objects.get_or_create(name=role)[0]])
    return user


@pytest.fixture
def viewer_cookie(transactional_db, django_user_model):
    """A viewer's session, committed so every thread and process sees it."""
    return session_cookie(user_with_role(django_user_model, "live-viewer", "viewer"))


def live_path(cluster, topic, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/ws/clusters/{cluster.name}/topics/{topic}/live/" + (f"?{query}" if query else "")


async def open_socket(path, cookie=None):
    headers = [ORIGIN] + ([(b"cookie", f"sessionid={cookie}".encode())] if cookie else [])
    socket = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await socket.connect(timeout=10)
    assert connected
    return socket


async def first_frame(socket, timeout=10):
    return json.loads(await socket.receive_from(timeout=timeout))


async def started(path, cookie):
    """A socket past its start frame; returns (socket, start positions)."""
    socket = await open_socket(path, cookie)
    frame = await first_frame(socket)
    assert frame["type"] == "start", frame
    return socket, {int(p): o for p, o in frame["positions"].items()}


async def collect(socket, count, timeout=20, ack=True):
    """Messages until `count` arrived; acknowledges each frame like the page does. Returns (messages, dropped)."""
    messages, dropped = [], 0
    deadline = time.monotonic() + timeout
    while len(messages) < count:
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"got {len(messages)} of {count} messages (dropped {dropped})"
        try:
            frame = json.loads(await socket.receive_from(timeout=remaining))
        except asyncio.TimeoutError:
            continue
        if frame["type"] == "messages":
            messages.extend(frame["messages"])
            if ack:
                await socket.send_to(text_data='{"type":"ack"}')
        elif frame["type"] == "dropped":
            dropped += frame["count"]
            count -= frame["count"]
        else:
            raise AssertionError(f"unexpected frame {frame}")
    return messages, dropped


async def in_thread(function, *args):
    """Run a blocking helper (producing, say) without stalling the sockets' event loop."""
    return await asyncio.get_running_loop().run_in_executor(None, function, *args)


async def nothing_more(socket, wait=0.5):
    return await socket.receive_nothing(timeout=wait)
