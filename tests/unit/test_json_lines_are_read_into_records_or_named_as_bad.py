"""How an ingest reads JSON Lines: each line becomes (key, the line's bytes as the value, timestamp, headers), or
a reason that names what is wrong with it. The key alone is read on a path of its own (the common case, kept
fast), so both paths are checked on the same lines."""
import json

import pytest

from streams_app.services.jobs.ingest import JSONL, records

LINES = [
    json.dumps({"user": "ada", "n": 1}),
    json.dumps({"user": {"id": 7}, "n": 2}),
    json.dumps({"n": 3}),
    "[1, 2]",
    "",
    "   ",
    "{not json",
    json.dumps({"user": 42, "meta": {"team": "núcleo"}}),
    json.dumps({"meta": {"team": "blue"}}),
]


def read(tmp_path, key_field, timestamp_field="", header_fields=(), content=None):
    path = tmp_path / "in.jsonl"
    path.write_bytes(content if content is not None else ("\n".join(LINES) + "\n").encode())
    params = {"format": JSONL, "key_field": key_field, "timestamp_field": timestamp_field,
              "header_fields": list(header_fields)}
    return list(records(path, params))


def test_a_key_field_gives_each_line_its_key_as_bytes_and_the_line_as_the_value(tmp_path):
    read_lines = read(tmp_path, "user")
    assert [record[0] if record else None for _n, record, _r in read_lines] == [
        b"ada", b'{"id": 7}', None, None, None, None, None, b"42", None]
    assert read_lines[0][1][1] == LINES[0].encode()


@pytest.mark.parametrize("timestamp_field", ["", "n"], ids=["key-alone", "key-and-timestamp"])
def test_bad_lines_are_named_by_number_and_reason_on_either_path(tmp_path, timestamp_field):
    bad = {number: reason for number, _record, reason in read(tmp_path, "user", timestamp_field) if reason}
    assert bad[3] == "no field 'user'"
    assert bad[4] == "not a JSON object, so it has no fields"
    assert bad[5] == bad[6] == "empty line"
    assert bad[7].startswith("not JSON: ")
    assert bad[9] == "no field 'user'"
    if timestamp_field:  # the eighth line has no "n"
        assert set(bad) == {3, 4, 5, 6, 7, 8, 9}
    else:
        assert set(bad) == {3, 4, 5, 6, 7, 9}


def test_a_dotted_key_field_reaches_into_nested_objects(tmp_path):
    keys = {number: record[0] for number, record, _r in read(tmp_path, "meta.team") if record}
    assert keys == {8: "núcleo".encode(), 9: b"blue"}


def test_without_fields_any_json_is_a_value_and_invalid_utf8_is_named(tmp_path):
    read_lines = read(tmp_path, "", content=b'[1, 2]\n"text"\n{"a": "\xff"}\n')
    assert [(record, reason) for _n, record, reason in read_lines] == [
        ((None, b"[1, 2]", None, []), None), ((None, b'"text"', None, []), None), (None, "not valid UTF-8")]


@pytest.mark.parametrize("timestamp_field", ["", "n"], ids=["key-alone", "key-and-timestamp"])
def test_the_check_before_an_all_or_nothing_ingest_finds_the_same_bad_lines(tmp_path, timestamp_field):
    path = tmp_path / "in.jsonl"
    path.write_bytes(("\n".join(LINES) + "\n").encode())
    params = {"format": JSONL, "key_field": "user", "timestamp_field": timestamp_field, "header_fields": []}
    every = [(number, reason) for number, _record, reason in records(path, params) if reason]
    assert [(number, reason) for number, _record, reason in records(path, params, good_ones=False)] == every
