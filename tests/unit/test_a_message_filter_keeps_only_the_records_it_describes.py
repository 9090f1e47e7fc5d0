"""Each message filter field narrows the records a page shows; several fields must all match."""
from streams_app.services.filters import MessageFilter

HEADERS = [("trace", b"abc"), ("empty", None)]


def test_an_empty_filter_is_inactive_and_keeps_every_record():
    nothing = MessageFilter()

    assert not nothing.active
    assert nothing.matches(None, None, [])
    assert nothing.matches(b"k", b"\xff\x00", HEADERS)


def test_key_equals_compares_the_whole_key():
    wanted = MessageFilter(key="order-1")

    assert wanted.matches(b"order-1", b"v", [])
    assert not wanted.matches(b"order-10", b"v", [])
    assert not wanted.matches(None, b"v", [])


def test_key_contains_and_value_contains_find_a_part_and_skip_missing_parts():
    assert MessageFilter(key_contains="der").matches(b"order-1", None, [])
    assert not MessageFilter(key_contains="der").matches(None, b"order", [])
    assert MessageFilter(contains="needle").matches(None, b"hay needle hay", [])
    assert not MessageFilter(contains="needle").matches(b"needle", None, [])


def test_value_contains_works_on_values_that_are_not_utf8():
    assert MessageFilter(contains="ok").matches(None, b"\xff\xfeok\x00", [])


def test_a_header_filter_needs_the_header_and_when_given_its_exact_value():
    assert MessageFilter(header_key="trace").matches(None, b"v", HEADERS)
    assert MessageFilter(header_key="trace", header_value="abc").matches(None, b"v", HEADERS)
    assert not MessageFilter(header_key="trace", header_value="ab").matches(None, b"v", HEADERS)
    assert not MessageFilter(header_key="span").matches(None, b"v", HEADERS)
    assert not MessageFilter(header_key="trace").matches(None, b"v", None)


def test_every_field_given_must_match():
    both = MessageFilter(key="k", contains="x")

    assert both.matches(b"k", b"x", [])
    assert not both.matches(b"k", b"y", [])
    assert not both.matches(b"j", b"x", [])


def test_a_filter_reads_from_query_parameters_and_gives_back_only_the_fields_set():
    found = MessageFilter.from_params({"contains": "x", "key": "", "json_path": None, "page": "2"})

    assert found == MessageFilter(contains="x")
    assert found.active
    assert found.as_params() == {"contains": "x"}
