"""How message bytes travel (API) and how they are shown (pages). Pure functions, no Kafka.

Bytes are never altered: text that is not valid UTF-8 travels as base64 and is shown as hex.
"""
import base64
import binascii
import json
import re
from dataclasses import dataclass

import orjson

from topics_app.errors import InvalidRequest

UTF8, BASE64 = "utf-8", "base64"
ENCODINGS = (UTF8, BASE64)
DISPLAY_FORMATS = ("auto", "text", "json", "hex", "base64")
# Longer keys and values are cut in message lists; a message's own page shows them whole.
LIST_CUT = 300


def as_text(data):
    """The bytes as a str if they are valid UTF-8, else None."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def to_wire(data):
    """(text, encoding) for JSON: UTF-8 text as is, anything else as base64. None stays None."""
    if data is None:
        return None, None
    text = as_text(data)
    if text is not None:
        return text, UTF8
    return b64(data), BASE64


def b64(data):
    return base64.b64encode(data).decode("ascii")


def from_wire(text, encoding, field):
    """The bytes a client sent as `text` in `encoding`; InvalidRequest naming `field` otherwise."""
    if text is None:
        return None
    if not isinstance(text, str):
        raise InvalidRequest(f"{field} must be a string or null.", field=field)
    encoding = encoding or UTF8
    if encoding == UTF8:
        return text.encode("utf-8")
    if encoding == BASE64:
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise InvalidRequest(f"{field} is not valid base64.", field=field) from None
    raise InvalidRequest(f"{field}_encoding must be one of {', '.join(ENCODINGS)}.", field=f"{field}_encoding")


@dataclass
class Shown:
    """Bytes rendered for a person: the text, the format used, and why it differs from the asked one."""

    text: str
    format: str
    note: str = ""
    is_null: bool = False


def show(data, wanted="auto"):
    """Render bytes in the wanted display format, falling back (with a note) where it cannot apply."""
    if data is None:
        return Shown("null", "null", is_null=True)
    if wanted == "hex":
        return Shown(data.hex(" "), "hex")
    if wanted == "base64":
        return Shown(b64(data), "base64")
    text = as_text(data)
    if text is None:
        note = "" if wanted == "auto" else "not valid UTF-8, shown as hex"
        return Shown(data.hex(" "), "hex", note)
    if wanted in ("auto", "json"):
        pretty = pretty_json(text)
        if pretty is not None:
            return Shown(pretty, "json")
        if wanted == "json":
            return Shown(text, "text", "not valid JSON, shown as text")
    return Shown(text, "text")


def pretty_json(text):
    """Indented JSON if `text` is a JSON object or array, else None (plain numbers and words stay text).
    orjson does most of them, several times faster than json (the live viewer shows every record this way),
    giving exactly json.dumps(indent=2, ensure_ascii=False)'s text."""
    stripped = text.strip()
    if not stripped or stripped[0] not in "[{":
        return None
    try:
        pretty = orjson.dumps(orjson.loads(stripped), option=orjson.OPT_INDENT_2).decode()
    except (orjson.JSONDecodeError, orjson.JSONEncodeError):
        pass  # NaN, a lone surrogate, nesting deeper than orjson goes: json decides
    else:
        if _as_json_writes_it(pretty):
            return pretty
    try:
        return json.dumps(json.loads(stripped), indent=2, ensure_ascii=False)
    except ValueError:
        return None


_ONE_DIGIT_EXPONENT = re.compile(r"e-\d(?!\d)")


def _as_json_writes_it(pretty):
    """Whether orjson's text is json's too. orjson reads a whole number past 64 bits as a float (which it then
    writes with "e+"), and writes 1e-05 as 0.00001 and 1e-07 as 1e-7. A string holding such text sends the
    record the slow way, no harm done."""
    if "e+" in pretty or "0.0000" in pretty:
        return False
    return "e-" not in pretty or not _ONE_DIGIT_EXPONENT.search(pretty)


def cut(text, limit):
    """The first `limit` characters, and whether anything was cut."""
    if len(text) <= limit:
        return text, False
    return text[:limit], True


def wire_message(message):
    """A message as the API, the export and the live viewer send it."""
    key, key_encoding = to_wire(message.key)
    value, value_encoding = to_wire(message.value)
    headers, header_encodings = [], []
    for name, data in message.headers:
        text, encoding = to_wire(data)
        headers.append([name, text])
        header_encodings.append(encoding)
    return {
        "partition": message.partition,
        "offset": message.offset,
        "timestamp": message.timestamp,
        "key": key,
        "value": value,
        "headers": headers,
        "key_encoding": key_encoding,
        "value_encoding": value_encoding,
        "header_encodings": header_encodings,
    }


def shown_for_list(data):
    """How a message list shows bytes (auto format, cut), as plain data for the live viewer's rows."""
    shown = show(data)
    text, was_cut = cut(shown.text, LIST_CUT)
    return {"text": text, "format": shown.format, "note": shown.note, "null": shown.is_null, "cut": was_cut}
