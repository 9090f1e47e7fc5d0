"""The live viewer's websocket: checks who and what, then wires a socket to services/live.py.

Close codes: 4401 not logged in (or no longer: logged out, deactivated), 4403 no viewer role (or
no longer), 4400 bad parameter, 4404 no such cluster or topic, 4503 cluster unreachable (when the
socket opens, or later: its topic's reader failed); each is preceded by an error frame saying why.
Access is checked again every WEBSOCKET_ACCESS_CHECK_S (socket_access.py).
"""
import asyncio
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qsl

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.core.exceptions import ValidationError

from streams_app.services import live, live_socket
from streams_app.socket_access import AccessWatch
from topics_app import errors
from topics_app.models import Cluster
from topics_app.roles import VIEWER, has_role
from topics_app.topic_rules import validate_topic_name

log = logging.getLogger(__name__)

# Kafka calls block, and so may the live readers' lock: they run here, never on the event
# loop nor in the thread-sensitive thread that Django's ORM calls share.
_kafka_calls = ThreadPoolExecutor(max_workers=8, thread_name_prefix="strom-live-call")


async def blocking(function, *args):
    return await asyncio.get_running_loop().run_in_executor(_kafka_calls, function, *args)


@database_sync_to_async
def _lookup(user, cluster_name, topic):
    if not user.is_authenticated:
        return 4401, "Log in to watch a topic live."
    if not has_role(user, VIEWER):
        return 4403, "This needs the viewer role."
    try:
        validate_topic_name(topic)
    except ValidationError:
        return 4404, f"No topic named {topic!r}."
    cluster = Cluster.objects.filter(name=cluster_name).first()
    if cluster is None:
        return 4404, f"No cluster named {cluster_name!r}."
    return cluster, None


def close_code(status):
    return {400: 4400, 404: 4404, 503: 4503}.get(status, 4400)


class LiveConsumer(AccessWatch, AsyncWebsocketConsumer):
    # No channel layer: the topic's reader is in this process and hands rows straight to the socket
    # (services/live.py says why the channel layer lost rows).
    channel_layer_alias = None
    cluster = None
    reader = None
    failing = None
    drainer = None
    catching_up = None
    refused = False

    async def connect(self):
        await self.accept()
        kwargs = self.scope["url_route"]["kwargs"]
        cluster, refusal = await _lookup(self.scope["user"], kwargs["cluster"], kwargs["topic"])
        if refusal:
            return await self.refuse(cluster, refusal)
        self.topic = kwargs["topic"]
        try:
            query = dict(parse_qsl(self.scope["query_string"].decode("latin-1"), keep_blank_values=True))
            request = live_socket.parse_request(query)
        except errors.ServiceError as error:
            return await self.refuse_error(error)
        self.queue = live_socket.SocketQueue(settings.LIVE_SOCKET_QUEUE, request.partition, request.contains)
        self.in_flight = 0
        self.wake = asyncio.Event()
        # Subscribe before the reader and the log end are read: see services/live.py for why.
        self.cluster = cluster
        live.subscribe(cluster, self.topic, self, asyncio.get_running_loop())
        # Whatever goes wrong from here, the socket is closed with a reason and disconnect()
        # gives the reader back: an escaping exception would close 1011 and keep the reader.
        try:
            self.reader = await blocking(live.acquire, cluster, self.topic)
            partitions = live.check_request(self.reader, request)
            start = await blocking(live.start_positions, cluster, self.reader, partitions, request)
            if self.reader.failure is not None:  # it failed before this socket could hear it
                raise self.reader.failure
        except errors.ServiceError as error:
            return await self.refuse_error(error)
        except Exception:
            log.exception("live socket on %s could not start", self.topic)
            return await self.refuse(1011, "The live viewer could not start; the server log says why.")
        self.queue.next = dict(start.positions)
        await self.send_json({"type": "start", "positions": {str(p): o for p, o in start.positions.items()}})
        self.drainer = asyncio.create_task(self.drain())
        self.catching_up = asyncio.create_task(self.catch_up(cluster, start))
        self.watch_access(VIEWER)

    async def refuse(self, code, detail):
        """An error frame saying why, then the close code; once (a failed reader and a lost role may race)."""
        if self.refused:
            return
        self.refused = True
        self.stop_sending()
        await self.send_json({"type": "error", "detail": detail})
        reason = detail["message"] if isinstance(detail, dict) else detail
        # A close reason may hold 123 bytes at most; a longer one fails the close itself.
        await self.close(code=code, reason=reason.encode()[:120].decode(errors="ignore"))

    async def refuse_error(self, error):
        detail = {"field": error.field, "message": error.message} if error.field else error.message
        await self.refuse(close_code(error.status), detail)

    async def lose_access(self, code, detail):
        await self.refuse(code, detail)

    def stop_sending(self):
        for task in (self.drainer, self.catching_up):
            if task is not None and task is not asyncio.current_task():
                task.cancel()

    async def catch_up(self, cluster, start):
        try:
            rows, skipped = await blocking(live.catch_up, cluster, self.topic, start, self.queue.size)
        except errors.ServiceError as error:
            await self.send_json({"type": "error", "detail": error.message})
            rows, skipped = [], 0
        self.queue.dropped += skipped
        self.queue.accept(rows)
        self.queue.release()
        self.wake.set()

    async def disconnect(self, code):
        self.stop_sending()
        self.stop_watching_access()
        if self.cluster is not None:
            live.unsubscribe(self.cluster, self.topic, self)
        if self.reader is not None:
            reader, self.reader = self.reader, None
            await blocking(live.release, reader)

    async def dispatch(self, message):
        # Channels tidies the database connections (in a thread) before each message it hands a consumer. A
        # socket acknowledges every frame, hundreds a second with many viewers, and an ack touches no database.
        if message["type"] == "websocket.receive":
            await self.websocket_receive(message)
        else:
            await super().dispatch(message)

    async def receive(self, text_data=None, bytes_data=None):
        try:
            kind = json.loads(text_data or "").get("type")
        except (ValueError, AttributeError):
            kind = None
        if kind == "ack":
            self.in_flight = max(0, self.in_flight - 1)
            self.wake.set()
        else:
            await self.send_json({"type": "error", "detail": {"field": "type",
                                                              "message": 'Send {"type": "ack"} per messages frame.'}})

    def live_rows(self, rows):
        """Rows the topic's reader handed over (called on this socket's event loop)."""
        self.queue.offer(rows)
        self.wake.set()

    def live_error(self, detail, status):
        """The topic's reader failed (see services/live.py): a missing topic is final, anything else
        (an unreachable cluster) is worth reconnecting for."""
        self.failing = asyncio.create_task(self.refuse(4404 if status == 404 else 4503, detail))

    async def drain(self):
        window, frame_rows = settings.LIVE_WINDOW_FRAMES, settings.LIVE_FRAME_ROWS
        while True:
            await self.wake.wait()
            self.wake.clear()
            while self.in_flight < window:
                dropped = self.queue.take_dropped()
                if dropped:
                    await self.send_json({"type": "dropped", "count": dropped})
                text = self.queue.next_frame(frame_rows)
                if text is None:
                    break
                await self.send(text_data=text)
                self.in_flight += 1

    async def send_json(self, content):
        await self.send(text_data=json.dumps(content))
