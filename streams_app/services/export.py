"""Export formats for a selection of messages: JSON Lines and CSV, one line at a time."""
import csv
import io
import json

from django.conf import settings
from django.http import StreamingHttpResponse

from streams_app.forms import BrowseForm
from streams_app.services import browse
from streams_app.services.decode import wire_message
from topics_app.errors import InvalidRequest

FORMATS = {"jsonl": "application/x-ndjson", "csv": "text/csv"}
CSV_COLUMNS = ["partition", "offset", "timestamp", "key", "key_encoding", "value", "value_encoding", "headers"]
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP's CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(text):
    """The cell as a spreadsheet shows it without running it: prefixed with a single quote when it
    could start a formula (so a base64 value that starts with "+" carries one more character too)."""
    if text and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def jsonl_lines(messages):
    for message in messages:
        yield json.dumps(wire_message(message), ensure_ascii=False) + "\n"


def csv_lines(messages):
    """CSV with the API's columns; headers as a JSON cell ([[name, value, encoding], ...]).

    Keys and values that could start a formula get a leading single quote (inert_cell); the headers
    cell always starts with "[" and the other columns are Strom's own numbers and words.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush():
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(CSV_COLUMNS)
    yield flush()
    for message in messages:
        row = wire_message(message)
        headers = [[name, value, encoding] for (name, value), encoding in zip(row["headers"], row["header_encodings"])]
        writer.writerow([row["partition"], row["offset"], row["timestamp"], inert_cell(row["key"]), row["key_encoding"],
                         inert_cell(row["value"]), row["value_encoding"], json.dumps(headers, ensure_ascii=False)])
        yield flush()


def lines(messages, export_format):
    return jsonl_lines(messages) if export_format == "jsonl" else csv_lines(messages)


def response(cluster, topic, params):
    """A streamed download of the selection, within EXPORT_MAX_RECORDS / _SCAN / _SECONDS."""
    # Not `format`: DRF reads that one to choose its own renderer.
    export_format = params.get("as") or "jsonl"
    if export_format not in FORMATS:
        raise InvalidRequest(f"as must be one of {', '.join(FORMATS)}.", field="as")
    request = BrowseForm.parse(params)
    max_records = settings.EXPORT_MAX_RECORDS
    if params.get("max_records"):
        try:
            max_records = int(params["max_records"])
        except ValueError:
            max_records = 0
        if not 1 <= max_records <= settings.EXPORT_MAX_RECORDS:
            raise InvalidRequest(f"max_records must be between 1 and {settings.EXPORT_MAX_RECORDS}.",
                                 field="max_records")
    messages = browse.scan(cluster, topic, request, max_records, settings.EXPORT_MAX_SCAN,
                           settings.EXPORT_MAX_SECONDS)
    response = StreamingHttpResponse(lines(messages, export_format),
                                     content_type=f"{FORMATS[export_format]}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{topic}.{export_format}"'
    return response
