"""The message browser's query string (page and API alike) becomes a BrowseRequest, or a 400
naming the first field at fault."""
import pytest
from django.http import QueryDict

from streams_app.forms import BrowseForm
from streams_app.services.browse import BACKWARD, NEWEST, OLDEST, BrowseRequest, Cursor
from streams_app.services.filters import MessageFilter
from topics_app.errors import InvalidRequest


def parse(query):
    return BrowseForm.parse(QueryDict(query))


def test_an_empty_query_reads_the_oldest_hundred_of_every_partition():
    assert parse("") == BrowseRequest(partition=None, order=OLDEST, offset=None, timestamp=None, limit=100,
                                      filter=MessageFilter(), cursor=None)


def test_every_field_given_is_read():
    request = parse("partition=2&order=newest&offset=40&limit=25&contains=x&header_key=trace")

    assert (request.partition, request.order, request.offset, request.limit) == (2, NEWEST, 40, 25)
    assert request.filter == MessageFilter(contains="x", header_key="trace")


def test_a_timestamp_is_read_as_milliseconds_or_a_date_time():
    assert parse("timestamp=1714566600000").timestamp == 1_714_566_600_000
    assert parse("timestamp=2024-05-01T12:30:00Z").timestamp == 1_714_566_600_000


def test_a_cursor_is_read_back_into_its_positions():
    assert parse("cursor=newest.backward.0-7_1-3").cursor == Cursor(NEWEST, BACKWARD, {0: 7, 1: 3})


@pytest.mark.parametrize("query, field", [
    ("partition=-1", "partition"),
    ("partition=a", "partition"),
    ("order=sideways", "order"),
    ("offset=-3", "offset"),
    ("limit=0", "limit"),
    ("limit=1001", "limit"),
    ("timestamp=yesterday", "timestamp"),
    ("timestamp=-5", "timestamp"),
    ("offset=3&timestamp=1714566600000", "timestamp"),
    ("cursor=oldest.forward", "cursor"),
    ("header_value=abc", "header_key"),
    ("json_value=1", "json_path"),
    ("key_format=morse", "key_format"),
])
def test_a_bad_field_is_refused_by_name(query, field):
    with pytest.raises(InvalidRequest) as refused:
        parse(query)

    assert refused.value.field == field
    assert refused.value.message.startswith(f"{field}: ")
