"""A produce request's acks: 0, 1 or "all" (the default), as JSON numbers or strings; anything else is refused
naming the field."""
import pytest

from streams_app.services.produce import parse_acks
from topics_app.errors import InvalidRequest


def test_acks_default_to_all():
    assert parse_acks(None) == "all"
    assert parse_acks("") == "all"


@pytest.mark.parametrize("raw, acks", [(0, 0), (1, 1), ("0", 0), ("1", 1), ("all", "all")])
def test_zero_one_and_all_are_taken_as_numbers_or_strings(raw, acks):
    assert parse_acks(raw) == acks


@pytest.mark.parametrize("raw", [-1, "-1", 2, "2", "ALL", "none", True, False, 1.0, 0.0, [1], {"acks": 1}])
def test_anything_else_is_refused_naming_acks(raw):
    with pytest.raises(InvalidRequest) as refused:
        parse_acks(raw)

    assert refused.value.field == "acks"
    assert '0, 1 or "all"' in refused.value.message
