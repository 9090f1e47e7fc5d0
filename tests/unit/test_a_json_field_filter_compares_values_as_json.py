"""json_path / json_value: a dotted path into a JSON value, compared as JSON or as plain text."""
from streams_app.services.filters import MessageFilter

DOCUMENT = b'{"user": {"id": 42, "name": "alice", "admin": true}, "items": [{"sku": "A1"}, {"sku": "B2"}]}'


def finds(path, wanted=""):
    return MessageFilter(json_path=path, json_value=wanted).matches(None, DOCUMENT, [])


def test_a_number_matches_its_json_value():
    assert finds("user.id", "42")
    assert not finds("user.id", "43")
    assert not finds("user.id", '"42"')


def test_a_string_matches_with_or_without_quotes():
    assert finds("user.name", "alice")
    assert finds("user.name", '"alice"')
    assert not finds("user.name", "Alice")


def test_true_does_not_match_one_and_one_does_not_match_true():
    assert finds("user.admin", "true")
    assert not finds("user.admin", "1")
    assert not MessageFilter(json_path="n", json_value="true").matches(None, b'{"n": 1}', [])


def test_list_items_are_reached_by_their_index():
    assert finds("items.1.sku", "B2")
    assert not finds("items.2.sku", "B2")
    assert not finds("items.x.sku", "B2")


def test_a_path_without_a_value_asks_only_that_the_field_exists():
    assert finds("user.name")
    assert not finds("user.email")


def test_values_that_are_not_json_or_missing_never_match():
    assert not MessageFilter(json_path="a").matches(None, b"not json", [])
    assert not MessageFilter(json_path="a").matches(None, b"\xff\xfe", [])
    assert not MessageFilter(json_path="a").matches(b"k", None, [])
