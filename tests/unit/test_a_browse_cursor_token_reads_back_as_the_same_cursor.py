"""The cursor token a page hands out (next / prev) reads back as exactly the positions it holds."""
import pytest

from streams_app.services.browse import BACKWARD, FORWARD, NEWEST, OLDEST, Cursor


@pytest.mark.parametrize("cursor", [
    Cursor(OLDEST, FORWARD, {0: 0}),
    Cursor(OLDEST, BACKWARD, {0: 17, 1: 3, 2: 0}),
    Cursor(NEWEST, BACKWARD, {5: 1_000_000_000_000}),
    Cursor(NEWEST, FORWARD, {10: 4, 2: 9}),
])
def test_a_token_parses_back_to_its_cursor(cursor):
    assert Cursor.parse(cursor.token()) == cursor


def test_a_token_names_order_direction_and_every_partition_in_order():
    token = Cursor(NEWEST, BACKWARD, {2: 40, 0: 7, 1: 0}).token()

    assert token == "newest.backward.0-7_1-0_2-40"


def test_the_same_positions_give_the_same_token_whatever_order_they_were_collected_in():
    assert Cursor(OLDEST, FORWARD, {1: 5, 0: 3}).token() == Cursor(OLDEST, FORWARD, {0: 3, 1: 5}).token()
