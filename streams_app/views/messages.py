"""Pages: browse a topic's messages, view one message, produce, and export."""
import json
from dataclasses import dataclass
from datetime import datetime, timezone as dt_timezone

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode

from streams_app.forms import LIVE_START_CHOICES, BrowseForm, ProduceForm, live_start_from_page
from streams_app.services import browse, decode, export, live, live_socket, produce
from streams_app.services.reading import Message
from topics_app import errors
from topics_app.roles import OPERATOR, VIEWER, has_role
from topics_app.topic_rules import validate_topic_name
from topics_app.views.pages import cluster_page, page

LIST_CUT = decode.LIST_CUT
# How many characters of a value the one-line list shows before it is expanded.
PREVIEW_CUT = 120


@dataclass
class Row:
    message: Message
    time: datetime
    key: decode.Shown
    value: decode.Shown
    key_cut: bool
    value_cut: bool
    headers: list
    preview: str = ""
    size: int = 0


def _byte_boundary(shown, limit):
    """Hex is cut only between bytes ("0a 1b"), never inside one."""
    return limit - (limit + 1) % 3 if shown.format == "hex" else limit


def _shown(data, wanted, limit=None):
    shown = decode.show(data, wanted or "auto")
    if limit is None:
        return shown, False
    shown.text, cut = decode.cut(shown.text, _byte_boundary(shown, limit))
    return shown, cut


def _preview(shown):
    """The value on one line: JSON compact, any other line breaks as spaces, cut short."""
    if shown.is_null:
        return ""
    text = shown.text
    if shown.format == "json":
        try:
            text = json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))
        except ValueError:  # the list's cut made it incomplete: show it as it is
            pass
    text = " ".join(text.split()) if shown.format != "hex" else text
    line, cut = decode.cut(text, _byte_boundary(shown, PREVIEW_CUT))
    return line + "…" if cut else line


def _size(message):
    """Bytes the record carries: key, value, header names and values."""
    return (len(message.key or b"") + len(message.value or b"")
            + sum(len(name.encode()) + len(data or b"") for name, data in message.headers))


def _row(message, key_format, value_format, limit=LIST_CUT):
    key, key_cut = _shown(message.key, key_format, limit)
    value, value_cut = _shown(message.value, value_format, limit)
    return Row(
        message=message,
        time=datetime.fromtimestamp(message.timestamp / 1000, tz=dt_timezone.utc),
        key=key, value=value, key_cut=key_cut, value_cut=value_cut,
        headers=[(name, decode.show(data, "auto")) for name, data in message.headers],
        preview=_preview(value), size=_size(message),
    )


def _query(params, **changes):
    merged = {k: v for k, v in params.items() if v not in ("", None)}
    for name, value in changes.items():
        if value in ("", None):
            merged.pop(name, None)
        else:
            merged[name] = value
    return "?" + urlencode(merged)


def _topic_or_404(topic):
    try:
        validate_topic_name(topic)
    except ValidationError:
        raise Http404("No such topic.") from None
    return topic


@cluster_page(VIEWER, "Messages in {topic}")
def messages_page(request, cluster, topic):
    topic = _topic_or_404(topic)
    # Newest first unless the order is asked for, whatever else the URL holds.
    params = request.GET.dict()
    params["order"] = params.get("order") or browse.NEWEST
    form = BrowseForm(params)
    context = {"topic": topic, "form": form, "nav": "messages", "can_produce": has_role(request.user, OPERATOR),
               "time_zone": settings.TIME_ZONE, "max_scan": settings.BROWSE_MAX_SCAN,
               "stream_max_scan": settings.BROWSE_STREAM_MAX_SCAN}
    title = f"Messages in {topic}"
    result = None
    if form.is_valid():
        try:
            wanted = form.browse_request()
            context["page_limit"] = wanted.limit
            result = browse.browse(cluster, topic, wanted)
        except errors.ServiceError as error:
            if error.field in form.fields:
                form.add_error(error.field, error.message)
            elif error.status == 400:
                context["error"] = error
            else:
                raise
    if result is not None:
        key_format, value_format = form.cleaned_data.get("key_format"), form.cleaned_data.get("value_format")
        context.update(
            result=result,
            rows=[_row(m, key_format, value_format) for m in result.messages],
            stopped_at=sorted(result.stopped_at.items()),
            next_query=_query(params, cursor=result.next.token()) if result.next else None,
            prev_query=_query(params, cursor=result.prev.token()) if result.prev else None,
            first_query=_query(params, cursor=None) if form.cleaned_data.get("cursor") else None,
            export_jsonl=_query(params, **{"as": "jsonl", "cursor": None}),
            export_csv=_query(params, **{"as": "csv", "cursor": None}),
            show_query=_query(params, cursor=None, key_format=None, value_format=None),
        )
    return page(request, "streams_app/messages.html", title, cluster=cluster, **context)


@cluster_page(VIEWER, "Message {partition}:{offset} in {topic}")
def message_page(request, cluster, topic, partition, offset):
    topic = _topic_or_404(topic)
    formats = {f: request.GET.get(f) if request.GET.get(f) in decode.DISPLAY_FORMATS else "auto"
               for f in ("key_format", "value_format")}
    message = browse.get_message(cluster, topic, partition, offset)
    return page(request, "streams_app/message.html", f"Message {partition}:{offset} in {topic}", cluster=cluster,
                topic=topic, nav="messages",
                row=_row(message, formats["key_format"], formats["value_format"], limit=None),
                formats=formats, display_formats=decode.DISPLAY_FORMATS,
                can_produce=has_role(request.user, OPERATOR))


@cluster_page(VIEWER, "Live: {topic}")
def live_page(request, cluster, topic):
    """The live viewer; the page's script opens the websocket and checks its parameters again."""
    topic = _topic_or_404(topic)
    live.partitions(cluster, topic)  # a missing topic answers 404 here rather than a socket that fails
    start = live_start_from_page(request.GET.get("from"), request.GET.get("at"))
    params = {"from": start.socket_from, **{name: request.GET.get(name, "") for name in ("partition", "contains")}}
    ring = live_socket.whole_number(request.GET.get("ring", ""), 100_000)
    ring = ring if ring is not None and ring >= 100 else 5000
    live_config = {
        "socket": f"/ws/clusters/{cluster.name}/topics/{topic}/live/",
        "message_url": reverse("streams_app:messages", args=[cluster.name, topic]),
        "params": {k: v for k, v in params.items() if v},
        "ring": ring,
        "time_zone": settings.TIME_ZONE,
    }
    return page(request, "streams_app/live.html", f"Live: {topic}", cluster=cluster, topic=topic, nav="live",
                can_produce=has_role(request.user, OPERATOR), time_zone=settings.TIME_ZONE,
                start=start, start_choices=LIVE_START_CHOICES, partition=params["partition"],
                contains=params["contains"], ring=ring, live_config=live_config)


@cluster_page(OPERATOR, "Produce to {topic}")
def produce_page(request, cluster, topic):
    topic = _topic_or_404(topic)
    title = f"Produce to {topic}"
    context = {"topic": topic, "nav": "produce"}
    if request.method == "POST":
        form = ProduceForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                context["produced"] = produce.produce(cluster, data["topic"], data["key_bytes"], data["value_bytes"],
                                                      data["header_list"], data["partition"], actor=request.user,
                                                      acks=data["acks"])
            except errors.ServiceError as error:
                if error.status >= 500:
                    raise
                form.add_error(error.field if error.field in form.fields else None, error.message)
    else:
        initial = {"topic": topic}
        source = request.GET
        if source.get("partition") and source.get("offset"):
            try:
                message = browse.get_message(cluster, topic, int(source["partition"]), int(source["offset"]))
            except ValueError:
                context["error"] = "partition and offset must be whole numbers."
            except errors.ServiceError as error:
                context["error"] = error.message
            else:
                initial = ProduceForm.initial_from(request.GET.get("to") or topic, message)
                context["source"] = message
        form = ProduceForm(initial=initial)
    return page(request, "streams_app/produce.html", title, cluster=cluster, form=form, **context)


@cluster_page(VIEWER, "Export from {topic}")
def export_page(request, cluster, topic):
    return export.response(cluster, _topic_or_404(topic), request.GET)
