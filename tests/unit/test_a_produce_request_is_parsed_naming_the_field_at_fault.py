"""The produce API's JSON body becomes (key, value, headers, partition), or a 400 naming the field."""
import pytest

from streams_app.services.produce import parse_headers_text, parse_request
from topics_app.errors import InvalidRequest


def test_text_key_value_and_headers_become_utf8_bytes():
    key, value, headers, partition = parse_request(
        {"key": "k", "value": "é", "headers": [["trace", "abc"], ["empty", None]], "partition": 2})

    assert (key, value, headers, partition) == (b"k", "é".encode(), [("trace", b"abc"), ("empty", None)], 2)


def test_missing_fields_are_null_and_the_partition_is_left_to_the_key():
    assert parse_request({}) == (None, None, [], None)
    assert parse_request({"partition": ""})[3] is None


def test_base64_carries_bytes_that_are_not_text():
    key, value, headers, _ = parse_request({
        "key": "/w==", "key_encoding": "base64", "value": "AAE=", "value_encoding": "base64",
        "headers": {"bin": "AP8="}, "header_encodings": "base64"})

    assert (key, value, headers) == (b"\xff", b"\x00\x01", [("bin", b"\x00\xff")])


def test_each_header_may_have_its_own_encoding():
    _, _, headers, _ = parse_request({"headers": [["a", "x"], ["b", "/w=="]],
                                      "header_encodings": ["utf-8", "base64"]})

    assert headers == [("a", b"x"), ("b", b"\xff")]


def test_a_partition_given_as_digits_is_a_number():
    assert parse_request({"partition": "3"})[3] == 3


@pytest.mark.parametrize("body, field", [
    ([], "body"),
    ("value", "body"),
    ({"value": 5}, "value"),
    ({"key": ["k"]}, "key"),
    ({"value": "not base64!", "value_encoding": "base64"}, "value"),
    ({"value": "v", "value_encoding": "rot13"}, "value_encoding"),
    ({"headers": "trace=abc"}, "headers"),
    ({"headers": [["trace"]]}, "headers"),
    ({"headers": [["", "v"]]}, "headers"),
    ({"headers": [["a", "x"]], "header_encodings": ["utf-8", "base64"]}, "header_encodings"),
    ({"partition": -1}, "partition"),
    ({"partition": "one"}, "partition"),
    ({"partition": True}, "partition"),
    ({"partition": 1.5}, "partition"),
])
def test_a_bad_body_is_refused_naming_the_field(body, field):
    with pytest.raises(InvalidRequest) as refused:
        parse_request(body)

    assert refused.value.field == field


def test_headers_typed_into_the_form_are_json():
    assert parse_headers_text('{"trace": "abc"}', "utf-8") == [("trace", b"abc")]
    assert parse_headers_text('[["a", "x"], ["a", "y"]]', "utf-8") == [("a", b"x"), ("a", b"y")]
    assert parse_headers_text("  ", "utf-8") == []
    with pytest.raises(InvalidRequest) as refused:
        parse_headers_text("trace=abc", "utf-8")
    assert refused.value.field == "headers"
