"""A topic's reader hands its rows to every socket subscribed to that topic, on the socket's own
event loop and in the order it read them; a socket that unsubscribed, or watches another topic,
gets nothing."""
import asyncio
import threading
from types import SimpleNamespace

from streams_app.services import live


class Socket:
    def __init__(self):
        self.got = []

    def live_rows(self, rows):
        self.got.append(("rows", [row[1] for row in rows]))

    def live_error(self, detail, status):
        self.got.append(("error", detail, status))


def test_rows_reach_each_subscribed_socket_in_order_and_no_other():
    cluster, other_cluster = SimpleNamespace(pk=-1), SimpleNamespace(pk=-2)
    watching, leaving, elsewhere = Socket(), Socket(), Socket()
    loop = asyncio.new_event_loop()
    try:
        live.subscribe(cluster, "orders", watching, loop)
        live.subscribe(cluster, "orders", leaving, loop)
        live.subscribe(other_cluster, "orders", elsewhere, loop)
        live.unsubscribe(cluster, "orders", leaving)

        def reader():  # hands over from its own thread, like a TopicReader
            live._hand_over((cluster.pk, "orders"), "live_rows", [[0, 0], [0, 1]])
            live._hand_over((cluster.pk, "orders"), "live_rows", [[0, 2]])
            live._hand_over((cluster.pk, "orders"), "live_error", "gone", 503)

        thread = threading.Thread(target=reader)
        thread.start()
        thread.join()
        loop.run_until_complete(asyncio.sleep(0))
    finally:
        live.unsubscribe(cluster, "orders", watching)
        live.unsubscribe(other_cluster, "orders", elsewhere)
        loop.close()

    assert watching.got == [("rows", [0, 1]), ("rows", [2]), ("error", "gone", 503)]
    assert leaving.got == []
    assert elsewhere.got == []


def test_a_socket_whose_event_loop_closed_is_skipped():
    cluster = SimpleNamespace(pk=-3)
    gone, staying = Socket(), Socket()
    closed, running = asyncio.new_event_loop(), asyncio.new_event_loop()
    closed.close()
    try:
        live.subscribe(cluster, "orders", gone, closed)
        live.subscribe(cluster, "orders", staying, running)
        live._hand_over((cluster.pk, "orders"), "live_rows", [[0, 7]])
        running.run_until_complete(asyncio.sleep(0))
    finally:
        live.unsubscribe(cluster, "orders", gone)
        live.unsubscribe(cluster, "orders", staying)
        running.close()

    assert staying.got == [("rows", [7])]
    assert (cluster.pk, "orders") not in live._subscribers
