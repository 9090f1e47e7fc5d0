"""The checks every job kind shares: whole numbers within bounds, a rate, a topic name, a list of names."""
import pytest

from streams_app.services.jobs.common import MAX_RATE, optional_int, rate_param, text_list, topic_param
from topics_app.errors import InvalidRequest


def refused_field(check, *args, **options):
    with pytest.raises(InvalidRequest) as refused:
        check(*args, **options)
    return refused.value.field


def test_a_whole_number_may_come_as_a_number_or_as_digits():
    assert optional_int({"n": 7}, "n") == 7
    assert optional_int({"n": "7"}, "n") == 7
    assert optional_int({"n": " 7 "}, "n") == 7


def test_an_absent_or_empty_number_is_none():
    assert optional_int({}, "n") is None
    assert optional_int({"n": ""}, "n") is None
    assert optional_int({"n": None}, "n") is None


@pytest.mark.parametrize("raw", ["seven", "7.5", "07x", 7.5, True, [7], "1e3"])
def test_anything_but_a_whole_number_is_refused_naming_it(raw):
    assert refused_field(optional_int, {"count": raw}, "count") == "count"


def test_a_number_outside_its_bounds_is_refused_saying_the_bounds():
    with pytest.raises(InvalidRequest) as refused:
        optional_int({"n": 11}, "n", minimum=1, maximum=10)

    assert refused.value.message == "n must be between 1 and 10."
    assert refused_field(optional_int, {"n": -1}, "n") == "n"
    assert optional_int({"n": 10}, "n", minimum=1, maximum=10) == 10


def test_a_rate_is_at_least_one_record_a_second_and_at_most_the_maximum():
    assert rate_param({"rate": 1}) == 1
    assert rate_param({"rate": MAX_RATE}) == MAX_RATE
    assert rate_param({}) is None
    assert refused_field(rate_param, {"rate": 0}) == "rate"
    assert refused_field(rate_param, {"rate": MAX_RATE + 1}) == "rate"


def test_a_topic_parameter_must_be_a_name_kafka_accepts():
    assert topic_param({"target": "orders.v2"}, "target") == "orders.v2"
    assert refused_field(topic_param, {}, "target") == "target"
    assert refused_field(topic_param, {"target": 5}, "target") == "target"
    assert refused_field(topic_param, {"target": "has space"}, "target") == "target"
    assert refused_field(topic_param, {"target": ".."}, "target") == "target"


def test_a_list_of_names_comes_as_json_or_comma_separated():
    assert text_list({"topics": ["a", "b"]}, "topics") == ["a", "b"]
    assert text_list({"topics": "a, b"}, "topics") == ["a", "b"]
    assert text_list({}, "topics") == []
    assert refused_field(text_list, {"topics": "a,,b"}, "topics") == "topics"
    assert refused_field(text_list, {"topics": ["a", 1]}, "topics") == "topics"
    assert refused_field(text_list, {"topics": {"a": 1}}, "topics") == "topics"
