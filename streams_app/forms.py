"""Forms for browsing and producing; the API validates its query string with BrowseForm too."""
import json
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.utils import timezone

from streams_app.services import browse, decode, produce
from streams_app.services.filters import MessageFilter
from topics_app.errors import InvalidRequest
from topics_app.timestamps import OutOfRange, epoch_millis
from topics_app.topic_rules import validate_topic_name

FORMAT_CHOICES = [(f, f) for f in decode.DISPLAY_FORMATS]
ENCODING_CHOICES = [(decode.UTF8, "UTF-8 text"), (decode.BASE64, "base64")]


def text_field(label, help_text=""):
    return forms.CharField(label=label, required=False, strip=False, help_text=help_text)


def parse_timestamp(raw):
    """Milliseconds since the epoch from a number of ms or a date-time (in Strom's time zone)."""
    if not raw.strip():
        return None
    try:
        millis = epoch_millis(raw)
    except OutOfRange as error:
        raise forms.ValidationError(str(error)) from None
    except (ValueError, OverflowError):
        raise forms.ValidationError(
            "Enter a date-time like 2024-05-01T12:30:00, or milliseconds since 1970.") from None
    if millis < 0:
        raise forms.ValidationError("The timestamp cannot be before 1970.")
    return millis


class BrowseForm(forms.Form):
    partition = forms.IntegerField(required=False, min_value=0, help_text="Empty: all partitions.")
    order = forms.ChoiceField(choices=[(browse.OLDEST, "Oldest first"), (browse.NEWEST, "Newest first")],
                              required=False)
    offset = forms.IntegerField(required=False, min_value=0,
                                help_text="Start at this offset (newest first: end at it).")
    timestamp = forms.CharField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"}),
        help_text="Start at this time (newest first: end at it).")
    limit = forms.IntegerField(required=False, min_value=1, max_value=browse.MAX_LIMIT, label="Page size",
                               widget=forms.NumberInput(attrs={"placeholder": "100"}))
    key = text_field("Key equals")
    key_contains = text_field("Key contains")
    contains = text_field("Value contains")
    header_key = text_field("Header name")
    header_value = text_field("Header value equals")
    json_path = text_field("JSON field", "A dotted path, e.g. user.id")
    json_value = text_field("JSON field equals")
    cursor = forms.CharField(required=False, widget=forms.HiddenInput)
    key_format = forms.ChoiceField(choices=FORMAT_CHOICES, required=False, label="Show keys as")
    value_format = forms.ChoiceField(choices=FORMAT_CHOICES, required=False, label="Show values as")

    def clean_timestamp(self):
        return parse_timestamp(self.cleaned_data["timestamp"] or "")

    def clean_cursor(self):
        token = self.cleaned_data["cursor"]
        if not token:
            return None
        try:
            return browse.Cursor.parse(token)
        except InvalidRequest as error:
            raise forms.ValidationError(error.message) from None

    def clean(self):
        data = super().clean()
        if data.get("offset") is not None and data.get("timestamp") is not None:
            self.add_error("timestamp", "Give an offset or a timestamp, not both.")
        try:
            data["filter"] = MessageFilter.from_params(data)
        except InvalidRequest as error:
            self.add_error(error.field, error.message)
        return data

    def browse_request(self):
        data = self.cleaned_data
        return browse.BrowseRequest(
            partition=data.get("partition"),
            order=data.get("order") or browse.OLDEST,
            offset=data.get("offset"),
            timestamp=data.get("timestamp"),
            limit=data.get("limit") or 100,
            filter=data["filter"],
            cursor=data.get("cursor"),
        )

    @classmethod
    def parse(cls, params):
        """The BrowseRequest a query string asks for, or InvalidRequest naming the first bad field."""
        form = cls(params)
        if not form.is_valid():
            field, messages = next(iter(form.errors.items()))
            raise InvalidRequest(f"{field}: {messages[0]}", field=field)
        return form.browse_request()


class ProduceForm(forms.Form):
    topic = forms.CharField(max_length=249, validators=[validate_topic_name],
                            help_text="Produce again to another topic by changing this.")
    partition = forms.IntegerField(required=False, min_value=0, help_text="Empty: chosen from the key.")
    key = forms.CharField(required=False, strip=False, widget=forms.Textarea(attrs={"rows": 2}),
                          help_text="Empty: no key.")
    key_encoding = forms.ChoiceField(choices=ENCODING_CHOICES, initial=decode.UTF8)
    value = forms.CharField(required=False, strip=False, widget=forms.Textarea(attrs={"rows": 8}))
    value_encoding = forms.ChoiceField(choices=ENCODING_CHOICES, initial=decode.UTF8)
    value_null = forms.BooleanField(required=False, label="Null value (a tombstone)")
    headers = forms.CharField(required=False, strip=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text='JSON: {"name": "value"} or [["name", "value"], ...]')
    headers_encoding = forms.ChoiceField(choices=ENCODING_CHOICES, initial=decode.UTF8,
                                         label="Header values are")
    acks = forms.ChoiceField(
        choices=[(str(acks), f"{acks}: {meaning}") for acks, meaning in produce.ACKS_MEANINGS.items()],
        initial=produce.ACKS_ALL, required=False, widget=forms.RadioSelect, label="Acks",
        help_text="How many replicas must have the record before Kafka answers: durability against waiting.")

    def clean_acks(self):
        return produce.parse_acks(self.cleaned_data["acks"])

    def clean(self):
        data = super().clean()
        for field in ("key", "value"):
            text = data.get(field) or ""
            encoding = data.get(f"{field}_encoding")
            if encoding is None:
                continue
            if encoding == decode.UTF8:
                # Browsers send every textarea line break as CRLF; a CR that matters needs base64.
                text = text.replace("\r\n", "\n")
            try:
                data[f"{field}_bytes"] = decode.from_wire(text, encoding, field) if text or field == "value" else None
            except InvalidRequest as error:
                self.add_error(field, error.message)
        if data.get("value_null"):
            data["value_bytes"] = None
        if data.get("headers_encoding"):
            try:
                data["header_list"] = produce.parse_headers_text(data.get("headers") or "", data["headers_encoding"])
            except InvalidRequest as error:
                self.add_error("headers", error.message)
        return data

    @classmethod
    def initial_from(cls, topic, message):
        """Initial data that produces `message` again, byte for byte."""
        key, key_encoding = _field_initial(message.key)
        value, value_encoding = _field_initial(message.value)
        values = [v for _name, v in message.headers if v is not None]
        binary = any(_field_initial(v)[1] == decode.BASE64 for v in values)
        encode = decode.b64 if binary else decode.as_text
        headers = [[name, None if v is None else encode(v)] for name, v in message.headers]
        return {
            "topic": topic, "partition": message.partition, "key": key, "key_encoding": key_encoding,
            "value": value, "value_encoding": value_encoding, "value_null": message.value is None,
            "headers": json.dumps(headers, ensure_ascii=False) if headers else "",
            "headers_encoding": decode.BASE64 if binary else decode.UTF8,
        }


def _field_initial(data):
    """(text, encoding) for a form field that gives back exactly `data`."""
    if data is None:
        return "", decode.UTF8
    text = decode.as_text(data)
    if text is None or "\r" in text:  # a textarea would turn a lone CR into CRLF
        return decode.b64(data), decode.BASE64
    return text, decode.UTF8


# --- where the live page starts watching ---------------------------------------------------------
# Latest, earliest or a date and time typed in the browser's datetime-local input (read in Strom's
# TIME_ZONE, as every time on the pages), turned into the socket's `from` (latest | earliest | ms).

LIVE_START_CHOICES = [("latest", "Latest: only new records"), ("earliest", "Earliest: the oldest records kept"),
           ("time", "A date and time")]


@dataclass
class LiveStart:
    choice: str  # latest, earliest or time
    at: str  # the datetime-local input's value
    socket_from: str  # what the socket gets; empty for its default (latest)
    error: str = ""


def input_value(ms):
    """Milliseconds since 1970 as a datetime-local input shows them, in TIME_ZONE."""
    moment = timezone.localtime(datetime.fromtimestamp(ms / 1000, tz=timezone.get_current_timezone()))
    return moment.replace(tzinfo=None, microsecond=0).isoformat()


def live_start_from_page(start, at):
    """Read the page's `from` choice and `at` input; milliseconds in `from` (an older link) still work."""
    start, at = (start or "").strip(), (at or "").strip()
    if start in ("", "latest", "earliest"):
        return LiveStart(start or "latest", at, start)
    if start.isdigit():
        try:
            return LiveStart("time", input_value(int(start)), start)
        except (ValueError, OverflowError, OSError):  # '²', too many digits, or past the year 9999
            return LiveStart("time", at, start, error="Give a date and time to start from.")
    if start == "time":
        try:
            return LiveStart("time", at, str(epoch_millis(at)))
        except (ValueError, OverflowError):
            # The socket refuses this too, naming `from`; the page says so next to the input.
            return LiveStart("time", at, at or "time", error="Give a date and time to start from.")
    return LiveStart("time", at, start, error="Choose latest, earliest or a date and time.")
