"""A live reader hands rows over sooner when few sockets watch (a lone viewer sees a row within milliseconds)
and later when many do, so that its hand-overs never ask for more than about 2,000 socket sends a second."""
from streams_app.services.live import MAX_BATCH_SECONDS, batch_seconds


def test_a_lone_viewer_waits_a_few_milliseconds_at_most():
    assert batch_seconds(1) <= 0.005


def test_more_sockets_never_wait_less_and_never_more_than_the_cap():
    waits = [batch_seconds(sockets) for sockets in range(1, 5001)]
    assert waits == sorted(waits)
    assert max(waits) == MAX_BATCH_SECONDS


def test_hand_overs_ask_for_about_2000_socket_sends_a_second_at_most_until_the_cap():
    for sockets in range(1, 101):
        assert sockets / batch_seconds(sockets) <= 2000 * 1.01
