"""Only logged-in viewers (and up) may watch; others get an error frame and a close code saying why,
and a page from another origin cannot open the socket at all."""
import json

from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator

from config.asgi import application
from tests.live_helpers import live_path, open_socket, session_cookie, user_with_role


async def refusal(path, cookie=None):
    socket = await open_socket(path, cookie)
    frame = json.loads(await socket.receive_from(timeout=10))
    closed = await socket.receive_output(timeout=10)
    await socket.wait()
    return frame, closed


def test_an_anonymous_socket_is_refused(cluster, transactional_db):
    frame, closed = async_to_sync(refusal)(live_path(cluster, "any-topic"))
    assert frame == {"type": "error", "detail": "Log in to watch a topic live."}
    assert closed["type"] == "websocket.close" and closed["code"] == 4401


def test_a_user_without_a_role_is_refused(cluster, transactional_db, django_user_model):
    cookie = session_cookie(user_with_role(django_user_model, "no-role", None))
    frame, closed = async_to_sync(refusal)(live_path(cluster, "any-topic"), cookie)
    assert frame == {"type": "error", "detail": "This needs the viewer role."}
    assert closed["code"] == 4403


def test_a_socket_from_another_origin_is_refused(cluster, viewer_cookie):
    async def scenario():
        socket = WebsocketCommunicator(application, live_path(cluster, "any-topic"), headers=[
            (b"origin", b"http://evil.example"), (b"cookie", f"sessionid={viewer_cookie}".encode())])
        connected, _ = await socket.connect(timeout=10)
        await socket.disconnect()  # as the server does after refusing the handshake
        return connected

    assert async_to_sync(scenario)() is False
