"""Export formats for a selection of messages: JSON Lines and CSV, one line at a time."""
import csv
import io
import json

from streams_app.services.decode import wire_message

FORMATS = {"jsonl": "application/x-ndjson", "csv": "text/csv"}
CSV_COLUMNS = ["partition", "offset", "timestamp", "key", "key_encoding", "value", "value_encoding", "headers"]


def jsonl_lines(messages):
    for message in messages:
        yield json.dumps(wire_message(message), ensure_ascii=False) + "\n"


def csv_lines(messages):
    """CSV with the API's columns; headers as a JSON cell ([[name, value, encoding], ...])."""
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
        writer.writerow([row["partition"], row["offset"], row["timestamp"], row["key"], row["key_encoding"],
                         row["value"], row["value_encoding"], json.dumps(headers, ensure_ascii=False)])
        yield flush()


def lines(messages, export_format):
    return jsonl_lines(messages) if export_format == "jsonl" else csv_lines(messages)
