"""When the broker stops, an open live socket gets an error frame saying the cluster cannot be reached and
closes with 4503 (the page reconnects on that code); a socket opened during the outage is refused the same
way and never told "start". The broker stopped is one this test starts for itself."""
import json

import pytest
from asgiref.sync import async_to_sync
from kafka import KafkaAdminClient

from streams_app.services import live
from tests.live_helpers import in_thread, live_path, open_socket, started
from tests.own_broker import OwnBroker
from topics_app.models import Cluster


@pytest.fixture
def own_broker(tmp_path):
    broker = OwnBroker(tmp_path)
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()


def create_topic_on(bootstrap, name):
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        admin.create_topics({name: {"num_partitions": 1, "replication_factor": 1}}, wait_for_metadata=True)
    finally:
        admin.close()


async def closing(socket):
    """The frame and the close that end a socket."""
    frame = json.loads(await socket.receive_from(timeout=60))
    closed = await socket.receive_output(timeout=30)
    await socket.disconnect()
    return frame, closed


def test_an_open_socket_and_a_new_one_are_told_the_cluster_is_gone(own_broker, transactional_db, viewer_cookie):
    cluster = Cluster.objects.create(name="own", bootstrap_servers=own_broker.bootstrap)
    create_topic_on(own_broker.bootstrap, "watched")
    unreachable = {"type": "error", "detail": f"cannot reach cluster own at {own_broker.bootstrap}"}

    async def scenario():
        watching, _ = await started(live_path(cluster, "watched"), viewer_cookie)
        await in_thread(own_broker.stop)
        open_end = await closing(watching)
        new_end = await closing(await open_socket(live_path(cluster, "watched"), viewer_cookie))
        return open_end, new_end

    (open_frame, open_closed), (new_frame, new_closed) = async_to_sync(scenario)()
    assert open_frame == unreachable and open_closed["code"] == 4503
    assert new_frame == unreachable and new_closed["code"] == 4503
    assert not [reader for reader in live.readers() if reader.topic == "watched"]
