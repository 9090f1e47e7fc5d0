"""A damaged or made-up cursor is refused as a bad request naming the cursor, never read as positions."""
import pytest

from streams_app.services.browse import Cursor
from topics_app.errors import InvalidRequest


@pytest.mark.parametrize("token", [
    "",
    "oldest",
    "oldest.forward",
    "oldest.forward.",
    "oldest.forward.0-1.extra",
    "sideways.forward.0-1",
    "oldest.upward.0-1",
    "oldest.forward.0-x",
    "oldest.forward.0:1",
    "oldest.forward.0-1-2",
    "oldest.forward.-1-4",
    "oldest.forward.0--4",
    "newest.backward.0-1__1-2",
    # Past Kafka's int64 offsets and int32 partition numbers.
    "newest.backward.0-99999999999999999999",
    "oldest.forward.0-9223372036854775808",
    "oldest.forward.2147483648-0",
])
def test_a_bad_token_is_refused_naming_the_cursor(token):
    with pytest.raises(InvalidRequest) as refused:
        Cursor.parse(token)

    assert refused.value.field == "cursor"
    assert refused.value.message == "cursor is not one Strom gave out."
