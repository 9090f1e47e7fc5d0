"""The fields an abort names are checked before Kafka is asked: each refusal names its field."""
import pytest

from topics_app.errors import InvalidRequest
from topics_app.services.transactions import AbortTarget, abort_target

GOOD = {"topic": "t", "partition": "0", "producer_id": "4000", "producer_epoch": "3", "coordinator_epoch": "-1"}


def test_form_strings_and_json_numbers_read_the_same():
    expected = AbortTarget(topic="t", partition=0, producer_id=4000, producer_epoch=3, coordinator_epoch=-1)

    assert abort_target(GOOD) == expected
    assert abort_target({**GOOD, "partition": 0, "producer_id": 4000, "producer_epoch": 3,
                         "coordinator_epoch": -1}) == expected


@pytest.mark.parametrize("field, value", [
    ("topic", ""), ("topic", None), ("topic", "a/b"), ("topic", ".."), ("topic", 5),
    ("partition", ""), ("partition", "x"), ("partition", "-1"), ("partition", "1.0"), ("partition", True),
    ("partition", str(2**31)),
    ("producer_id", "-4"), ("producer_id", "abc"), ("producer_id", str(2**63)),
    ("producer_epoch", "32768"), ("producer_epoch", "-1"),
    ("coordinator_epoch", "-2"), ("coordinator_epoch", "one"),
])
def test_a_bad_value_is_refused_naming_its_field(field, value):
    with pytest.raises(InvalidRequest) as refused:
        abort_target({**GOOD, field: value})

    assert refused.value.field == field


def test_a_missing_field_is_refused_naming_it():
    for field in GOOD:
        with pytest.raises(InvalidRequest) as refused:
            abort_target({k: v for k, v in GOOD.items() if k != field})
        assert refused.value.field == field and refused.value.message == f"{field} is required."
