"""Sockets to a cluster that never answers get their error, and meanwhile a viewer of a healthy
cluster in the same process keeps receiving every record, in order, while other sockets on its
topic come and go: nothing one cluster's Kafka calls wait for, and no socket that leaves, holds
up or loses the rows of another."""
import asyncio
import json
import socket
import threading

import pytest
from asgiref.sync import async_to_sync

from tests.live_helpers import collect, in_thread, live_path, nothing_more, open_socket, started
from tests.topics import T0, create_topic, produce_records

ROUNDS = 2
DEAD_SOCKETS_PER_ROUND = 4
BATCH = 50
# The whole scenario fails cleanly after this long instead of hanging the run.
SCENARIO_SECONDS = 180
CLEAN_UP_SECONDS = 15


@pytest.fixture
def silent_cluster(transactional_db):
    """A cluster nothing answers for: every Kafka call to it waits until its client gives up."""
    from topics_app.models import Cluster

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return Cluster.objects.create(name="silent", bootstrap_servers=f"127.0.0.1:{port}")


class Sockets:
    """Every socket the scenario opens, so that all of them are let go however it ends."""

    def __init__(self):
        self.opened = []

    async def open(self, path, cookie):
        sock = await open_socket(path, cookie)
        self.opened.append(sock)
        return sock

    async def started(self, path, cookie):
        sock, positions = await started(path, cookie)
        self.opened.append(sock)
        return sock, positions

    async def let_go(self):
        """Disconnect them all, waiting a bounded time (a socket stuck in its shutdown must not hang the run)."""
        leaving = [asyncio.ensure_future(sock.disconnect()) for sock in self.opened]
        if leaving:
            await asyncio.wait(leaving, timeout=CLEAN_UP_SECONDS)
        self.opened = []


async def refused(sockets, path, cookie):
    """Open a socket, read its error frame and close code, and let it go."""
    sock = await sockets.open(path, cookie)
    frame = json.loads(await sock.receive_from(timeout=30))
    closed = await sock.receive_output(timeout=30)
    return frame, closed


async def come_and_go_until(sockets, path, cookie, done):
    """Sockets on the healthy topic that connect and disconnect until `done`: each takes and gives
    back a share of the topic's reader."""
    visits = 0
    while not done.is_set():
        sock, _ = await sockets.started(path, cookie)
        await sock.disconnect(timeout=10)
        sockets.opened.remove(sock)
        visits += 1
    return visits


def produce_until(topic, done):
    """Records to partition 0 in small batches until `done`, then one batch more; returns their values."""
    values, n = [], 0
    while True:
        last = done.is_set()
        batch = [(0, None, f"v{i}".encode(), T0 + i) for i in range(n, n + BATCH)]
        produce_records(topic, batch)
        values += [value.decode() for _p, _k, value, _t in batch]
        n += BATCH
        if last:
            return values


async def read_until_all_shown(viewer, shown, produced):
    """The viewer's frames, acknowledged like the page does, until it showed as many records as were produced.
    It may have shown the last record before the producer says it is done: then no frame is waited for."""
    while not produced.done() or len(shown) < len(produced.result()):
        if await viewer.receive_nothing(timeout=0.2):
            continue
        messages, dropped = await collect(viewer, 1)
        assert dropped == 0
        shown.extend(messages)


def test_a_viewer_of_a_healthy_cluster_gets_every_record_while_sockets_to_a_silent_one_come_and_go(
        cluster, silent_cluster, viewer_cookie, unique_name):
    topic = create_topic(unique_name("live"))
    dead_path = live_path(silent_cluster, topic)
    live = live_path(cluster, topic)

    async def scenario():
        sockets = Sockets()
        churn_done = threading.Event()
        tasks = []
        try:
            async with asyncio.timeout(SCENARIO_SECONDS):
                viewer, _ = await sockets.started(live, viewer_cookie)
                shown = []
                produced = asyncio.get_running_loop().create_future()
                reading = asyncio.ensure_future(read_until_all_shown(viewer, shown, produced))
                producing = asyncio.ensure_future(in_thread(produce_until, topic, churn_done))
                tasks += [reading, producing]

                refusals, visits = [], 0
                for _ in range(ROUNDS):
                    round_done = threading.Event()
                    visiting = asyncio.ensure_future(come_and_go_until(sockets, live, viewer_cookie, round_done))
                    tasks.append(visiting)
                    try:
                        refusals += await asyncio.gather(*[refused(sockets, dead_path, viewer_cookie)
                                                           for _ in range(DEAD_SOCKETS_PER_ROUND)])
                    finally:
                        round_done.set()
                    visits += await visiting
                churn_done.set()
                produced.set_result(await producing)
                await reading
                assert await nothing_more(viewer)
                return refusals, visits, shown, produced.result()
        finally:
            churn_done.set()
            for task in tasks:
                task.cancel()
            await sockets.let_go()

    refusals, visits, shown, produced = async_to_sync(scenario)()

    unreachable = f"cannot reach cluster silent at {silent_cluster.bootstrap_servers}"
    assert [frame for frame, _ in refusals] == [{"type": "error", "detail": unreachable}] * len(refusals)
    assert [(closed["type"], closed["code"]) for _, closed in refusals] == [("websocket.close", 4503)] * len(refusals)
    assert visits >= ROUNDS
    assert [m["value"] for m in shown] == produced
    assert [m["offset"] for m in shown] == list(range(len(produced)))
