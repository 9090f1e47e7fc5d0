"""The live socket's query parameters become a LiveRequest, or are refused naming the field."""
import pytest

from streams_app.services.live import EARLIEST, LATEST, MAX_CONTAINS, LiveRequest, parse_request
from topics_app.errors import InvalidRequest


def test_no_parameters_watch_every_partition_from_now():
    assert parse_request({}) == LiveRequest(start=LATEST, partition=None, contains="", resume={})


def test_every_parameter_given_is_read():
    request = parse_request({"from": "earliest", "partition": "2", "contains": "x", "resume": "0:41,1:-1"})

    assert request == LiveRequest(start=EARLIEST, partition=2, contains="x", resume={0: 41, 1: -1})


def test_from_may_be_a_timestamp_in_milliseconds():
    assert parse_request({"from": "1714566600000"}).start == 1_714_566_600_000


@pytest.mark.parametrize("params, field", [
    ({"from": "yesterday"}, "from"),
    ({"from": "-5"}, "from"),
    ({"partition": "-1"}, "partition"),
    ({"partition": "a"}, "partition"),
    ({"contains": "x" * (MAX_CONTAINS + 1)}, "contains"),
    ({"resume": "0=41"}, "resume"),
    ({"resume": "0:-2"}, "resume"),
    ({"page": "2"}, "page"),
])
def test_a_bad_parameter_is_refused_by_name(params, field):
    with pytest.raises(InvalidRequest) as refused:
        parse_request(params)

    assert refused.value.field == field
