"""A live viewer is open on a topic of three partitions replicated three times while records keep arriving;
kill -9 of the node leading partition 0: the viewer goes on, and shows every offset of every partition
exactly once, in order, with no error frame. The cluster is one of the test's own; the shared one is never
stopped."""
import threading
import time

from asgiref.sync import async_to_sync
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from tests.failover_helpers import create_replicated_topic, failed_over, leader_of, own_three_nodes, wait_until
from tests.live_helpers import collect, in_thread, live_path, started
from topics_app.models import Cluster

own = own_three_nodes("failover-live")


class SteadyProducer(threading.Thread):
    """Records to every partition in turn, about 60 a second, until stopped."""

    def __init__(self, bootstrap, topic):
        super().__init__(daemon=True)
        self.producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
        self.topic = topic
        self.stopping = threading.Event()
        self.sent = 0

    def run(self):
        while not self.stopping.is_set():
            for partition in range(3):
                self.producer.send(self.topic, value=f"{partition}-{self.sent}".encode(), partition=partition)
            self.sent += 1
            time.sleep(0.05)
        self.producer.flush(timeout=120)
        self.producer.close()


def log_ends(bootstrap, topic):
    consumer = KafkaConsumer(bootstrap_servers=bootstrap)
    try:
        return {tp.partition: end for tp, end in consumer.end_offsets(
            [TopicPartition(topic, p) for p in range(3)]).items()}
    finally:
        consumer.close()


def test_the_live_viewer_shows_every_offset_once_in_order_across_a_leader_kill(
        own, transactional_db, viewer_cookie, unique_name):
    topic = create_replicated_topic(own.bootstrap, unique_name("live-failover"))
    cluster = Cluster.objects.create(name="own-live", bootstrap_servers=own.bootstrap)
    victim = leader_of(own.bootstrap, topic, 0)
    producer = SteadyProducer(own.bootstrap, topic)

    async def watch():
        socket, positions = await started(live_path(cluster, topic), viewer_cookie)
        producer.start()
        shown, _ = await collect(socket, 150, timeout=60)
        await in_thread(own.node(victim).kill)
        await in_thread(wait_until, lambda: failed_over(own, topic, victim), 60, "a new leader of partition 0")
        shown += (await collect(socket, 150, timeout=60))[0]
        producer.stopping.set()
        await in_thread(producer.join, 180)
        ends = await in_thread(log_ends, own.bootstrap, topic)
        remaining = sum(ends.values()) - sum(positions.values()) - len(shown)
        rest, dropped = await collect(socket, remaining, timeout=120)
        await socket.disconnect()
        return positions, ends, shown + rest, dropped

    positions, ends, shown, dropped = async_to_sync(watch)()

    assert dropped == 0
    for partition in range(3):
        offsets = [m["offset"] for m in shown if m["partition"] == partition]
        assert offsets == list(range(positions[partition], ends[partition])), partition
