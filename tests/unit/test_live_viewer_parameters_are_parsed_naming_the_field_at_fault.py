"""The live socket's query parameters become a LiveRequest, or are refused naming the field."""
import pytest

from streams_app.services.live_socket import EARLIEST, LATEST, MAX_CONTAINS, LiveRequest, parse_request
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
    ({"from": "100000000000000000000"}, "from"),
    ({"from": "9223372036854775808"}, "from"),
    ({"from": "²"}, "from"),
    ({"from": "9" * 5000}, "from"),
    ({"partition": "²"}, "partition"),
    ({"partition": "2147483648"}, "partition"),
    ({"resume": "0:9223372036854775808"}, "resume"),
    ({"resume": "²:1"}, "resume"),
    ({"resume": "0:²"}, "resume"),
])
def test_a_bad_parameter_is_refused_by_name(params, field):
    with pytest.raises(InvalidRequest) as refused:
        parse_request(params)

    assert refused.value.field == field


def test_the_largest_values_kafka_has_are_taken():
    request = parse_request({"from": "9223372036854775807", "partition": "2147483647",
                             "resume": "2147483647:9223372036854775807"})

    assert (request.start, request.partition) == (2**63 - 1, 2**31 - 1)
    assert request.resume == {2**31 - 1: 2**63 - 1}
