"""Message values that are JSON objects or arrays are shown indented. The fast path (orjson) must give the
json module's text to the character: the numbers it would write differently send a value the slow way."""
import json
import random
import struct

import pytest

from streams_app.services.decode import pretty_json


def as_json_writes_it(text):
    return json.dumps(json.loads(text), indent=2, ensure_ascii=False)


@pytest.mark.parametrize("text", [
    '{"a": [1, 2, {"b": null, "c": true}], "é": "<script>\\u0000</script>"}',
    "[18446744073709551615, -9223372036854775808]",
    "[18446744073709551616, -9223372036854775809, 100000000000000000000000]",
    "[1e-05, 1e-07, 1E16, 0.0001, 9.999e-05, -0.0, 5e-324, 1.7976931348623157e308]",
    '["a string with e-1, e+2 and 0.00001 in it", 1.5]',
    '{"a": 1, "a": 2}',
    "[NaN, Infinity]",
    '{"lone": "\\ud800"}',
    "[1e400]",
    "[" * 300 + "]" * 300,
    "  {}  ",
])
def test_a_json_value_is_indented_as_the_json_module_writes_it(text):
    assert pretty_json(text) == as_json_writes_it(text)


def test_random_numbers_of_every_size_are_written_as_the_json_module_writes_them():
    chance = random.Random(14)
    for _ in range(5000):
        bits = struct.unpack("d", struct.pack("Q", chance.getrandbits(64)))[0]
        numbers = [chance.random() * 10 ** chance.randint(-30, 30), chance.randint(-2 ** 70, 2 ** 70),
                   round(chance.random(), chance.randint(0, 12))]
        if bits == bits and abs(bits) != float("inf"):
            numbers.append(bits)
        text = json.dumps(numbers)
        assert pretty_json(text) == as_json_writes_it(text), text


@pytest.mark.parametrize("text", ["", "  ", "42", '"a string"', "true", "{not json", "[1, 2"])
def test_text_that_is_not_a_json_object_or_array_is_not_indented(text):
    assert pretty_json(text) is None
