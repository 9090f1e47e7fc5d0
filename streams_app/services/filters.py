"""Server-side message filters. Pure functions over a record's key, value and headers.

Text filters compare UTF-8 bytes, so they also work on values that are not valid UTF-8.
"""
import json
from dataclasses import dataclass, fields

from topics_app.errors import InvalidRequest

_MISSING = object()


@dataclass(frozen=True)
class MessageFilter:
    key: str = ""  # key equals
    key_contains: str = ""
    contains: str = ""  # value contains
    header_key: str = ""
    header_value: str = ""  # with header_key: that header's value equals
    json_path: str = ""  # dotted path into the JSON value, e.g. user.id or items.0.sku
    json_value: str = ""

    def __post_init__(self):
        if self.header_value and not self.header_key:
            raise InvalidRequest("header_value needs header_key: name the header to compare.", field="header_key")
        if self.json_path and any(part == "" for part in self.json_path.split(".")):
            raise InvalidRequest("json_path must be dotted names like user.id, with no empty parts.",
                                 field="json_path")
        if self.json_value and not self.json_path:
            raise InvalidRequest("json_value needs json_path: name the field to compare.", field="json_path")

    @classmethod
    def from_params(cls, params):
        return cls(**{f.name: (params.get(f.name) or "") for f in fields(cls)})

    @property
    def active(self):
        return any(getattr(self, f.name) for f in fields(self))

    def as_params(self):
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    def matches(self, key, value, headers):
        if self.key and key != self.key.encode():
            return False
        if self.key_contains and (key is None or self.key_contains.encode() not in key):
            return False
        if self.contains and (value is None or self.contains.encode() not in value):
            return False
        if self.header_key and not _header_matches(headers, self.header_key, self.header_value):
            return False
        if self.json_path and not json_field_equals(value, self.json_path, self.json_value):
            return False
        return True


def _header_matches(headers, name, wanted):
    for header_name, header_value in headers or ():
        if header_name == name and (not wanted or header_value == wanted.encode()):
            return True
    return False


def json_field_equals(value, path, wanted):
    """Whether the JSON value has `path` and it equals `wanted`.

    `wanted` is read as JSON when it parses (42, true, "x"), and also compared as plain text to
    a string field, so `alice` and `"alice"` both find {"user": "alice"}. An empty `wanted`
    only asks that the path exists.
    """
    if value is None:
        return False
    try:
        document = json.loads(value)
    except ValueError:  # not JSON (or not UTF-8): no field to compare
        return False
    found = _walk(document, path.split("."))
    if found is _MISSING:
        return False
    if wanted == "":
        return True
    if isinstance(found, str) and found == wanted:
        return True
    try:
        parsed = json.loads(wanted)
    except ValueError:
        return False
    # bool is an int in Python; keep true from matching 1
    return found == parsed and isinstance(found, bool) == isinstance(parsed, bool)


def _walk(document, parts):
    for part in parts:
        if isinstance(document, dict) and part in document:
            document = document[part]
        elif isinstance(document, list) and part.isdigit() and int(part) < len(document):
            document = document[int(part)]
        else:
            return _MISSING
    return document
