"""Sockets to a cluster that never answers get their error, and meanwhile a viewer of a healthy
cluster in the same process keeps receiving every record, in order: nothing one cluster's Kafka
calls wait for holds up the sockets of another."""
import asyncio
import json
import socket
import threading

import pytest
from asgiref.sync import async_to_sync

from tests.live_helpers import (
    collect,
    in_thread,
    live_path,
    nothing_more,
    open_socket,
    started,
)
from tests.message_helpers import T0, create_topic, produce_records

ROUNDS = 2
DEAD_SOCKETS_PER_ROUND = 4
BATCH = 50


@pytest.fixture
def silent_cluster(transactional_db):
    """A cluster nothing answers for: every Kafka call to it waits until its client gives up."""
    from topics_app.models import Cluster

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return Cluster.objects.create(name="silent", bootstrap_servers=f"127.0.0.1:{port}")


async def refused(path, cookie):
    """Open a socket, read its error frame and close code, and let it go."""
    sock = await open_socket(path, cookie)
    frame = json.loads(await sock.receive_from(timeout=30))
    closed = await sock.receive_output(timeout=30)
    await sock.wait()
    return frame, closed


async def come_and_go_until(path, cookie, done):
    """Sockets on the healthy cluster that connect and disconnect until `done`: each one in and
    out takes and gives back a share of the topic's reader."""
    visits = 0
    while not done.is_set():
        sock, _ = await started(path, cookie)
        await sock.disconnect()
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
    """The viewer's frames, acknowledged like the page does, until it showed as many records as were produced."""
    while not produced.done() or len(shown) < len(produced.result()):
        messages, dropped = await collect(viewer, 1, timeout=60)
        assert dropped == 0
        shown.extend(messages)


def test_a_viewer_of_a_healthy_cluster_gets_every_record_while_sockets_to_a_silent_one_come_and_go(
        cluster, silent_cluster, viewer_cookie, unique_name):
    topic = create_topic(unique_name("live"))
    dead_path = live_path(silent_cluster, topic)
    live = live_path(cluster, topic)

    async def scenario():
        viewer, _ = await started(live, viewer_cookie)
        shown = []
        produced = asyncio.get_running_loop().create_future()
        reading = asyncio.create_task(read_until_all_shown(viewer, shown, produced))
        churn_done = threading.Event()
        producing = asyncio.create_task(in_thread(produce_until, topic, churn_done))

        refusals, visits = [], 0
        for _ in range(ROUNDS):
            round_done = threading.Event()
            visiting = asyncio.create_task(come_and_go_until(live, viewer_cookie, round_done))
            refusals += await asyncio.gather(*[refused(dead_path, viewer_cookie)
                                               for _ in range(DEAD_SOCKETS_PER_ROUND)])
            round_done.set()
            visits += await visiting
        churn_done.set()
        produced.set_result(await producing)
        await reading
        assert await nothing_more(viewer)
        await viewer.disconnect()
        return refusals, visits, shown, produced.result()

    refusals, visits, shown, produced = async_to_sync(scenario)()

    unreachable = f"cannot reach cluster silent at {silent_cluster.bootstrap_servers}"
    assert [frame for frame, _ in refusals] == [{"type": "error", "detail": unreachable}] * len(refusals)
    assert [(closed["type"], closed["code"]) for _, closed in refusals] == [("websocket.close", 4503)] * len(refusals)
    assert visits >= ROUNDS
    assert [m["value"] for m in shown] == produced
    assert [m["offset"] for m in shown] == list(range(len(produced)))
