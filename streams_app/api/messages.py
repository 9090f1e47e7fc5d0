"""The messages API: browse (GET), produce (POST) and export, per the HTTP contract."""
from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from streams_app.forms import BrowseForm
from streams_app.services import browse, decode, export, produce
from topics_app.api.decorators import cluster_api
from topics_app.roles import OPERATOR, VIEWER, IsViewer, role_per_method

BROWSE_PARAMETERS = [
    OpenApiParameter("partition", int, description="One partition; all when absent."),
    OpenApiParameter("offset", int, description="Start at this offset (order=newest: end at it)."),
    OpenApiParameter("timestamp", str, description="Start at this time, in ms or ISO 8601 (order=newest: end at it)."),
    OpenApiParameter("order", str, enum=[browse.OLDEST, browse.NEWEST]),
    OpenApiParameter("limit", int, description=f"Page size, 1 to {browse.MAX_LIMIT} (default 100)."),
    OpenApiParameter("key", str, description="Key equals."),
    OpenApiParameter("key_contains", str),
    OpenApiParameter("contains", str, description="Value contains."),
    OpenApiParameter("header_key", str),
    OpenApiParameter("header_value", str, description="With header_key: that header's value equals."),
    OpenApiParameter("json_path", str, description="Dotted path into a JSON value, e.g. user.id."),
    OpenApiParameter("json_value", str, description="With json_path: the field equals this."),
    OpenApiParameter("cursor", str, description="next.cursor or prev.cursor of a previous page."),
]

MessageSerializer = inline_serializer("Message", {
    "partition": serializers.IntegerField(), "offset": serializers.IntegerField(),
    "timestamp": serializers.IntegerField(), "key": serializers.CharField(allow_null=True),
    "value": serializers.CharField(allow_null=True),
    "headers": serializers.ListField(child=serializers.ListField(child=serializers.CharField(allow_null=True))),
    "key_encoding": serializers.CharField(allow_null=True), "value_encoding": serializers.CharField(allow_null=True),
    "header_encodings": serializers.ListField(child=serializers.CharField(allow_null=True)),
})
CursorSerializer = inline_serializer("Cursor", {
    "cursor": serializers.CharField(), "order": serializers.CharField(),
    "direction": serializers.CharField(), "positions": serializers.DictField(child=serializers.IntegerField()),
}, allow_null=True)


def cursor_data(cursor):
    if cursor is None:
        return None
    return {"cursor": cursor.token(), "order": cursor.order, "direction": cursor.direction,
            "positions": {str(p): o for p, o in sorted(cursor.positions.items())}}


def page_data(page):
    return {
        "messages": [decode.wire_message(m) for m in page.messages],
        "next": cursor_data(page.next),
        "prev": cursor_data(page.prev),
        "scan": {
            "scanned": page.scanned,
            "matched": page.matched,
            "returned": len(page.messages),
            "stopped_at": {str(p): o for p, o in sorted(page.stopped_at.items())},
            "bounded": page.bounded,
            "max_scan": settings.BROWSE_MAX_SCAN,
        },
    }


@extend_schema(
    methods=["GET"], parameters=BROWSE_PARAMETERS,
    responses=inline_serializer("MessagePage", {
        "messages": MessageSerializer, "next": CursorSerializer, "prev": CursorSerializer,
        "scan": inline_serializer("ScanStatus", {
            "scanned": serializers.IntegerField(), "matched": serializers.IntegerField(),
            "returned": serializers.IntegerField(), "bounded": serializers.BooleanField(),
            "stopped_at": serializers.DictField(child=serializers.IntegerField()),
            "max_scan": serializers.IntegerField()}),
    }),
)
@extend_schema(
    methods=["POST"],
    request=inline_serializer("ProduceRequest", {
        "key": serializers.CharField(allow_null=True, required=False),
        "value": serializers.CharField(allow_null=True, required=False),
        "headers": serializers.ListField(child=serializers.ListField(), required=False),
        "partition": serializers.IntegerField(allow_null=True, required=False),
        "key_encoding": serializers.ChoiceField(decode.ENCODINGS, required=False),
        "value_encoding": serializers.ChoiceField(decode.ENCODINGS, required=False),
        "header_encodings": serializers.ListField(child=serializers.ChoiceField(decode.ENCODINGS), required=False),
        "acks": serializers.ChoiceField(
            ["0", "1", "all"], required=False, default="all",
            help_text="0, 1 or \"all\" (numbers or strings). " + "; ".join(
                f"{acks}: {meaning}" for acks, meaning in produce.ACKS_MEANINGS.items()) + "."),
    }),
    responses=inline_serializer("Produced", {
        "topic": serializers.CharField(), "partition": serializers.IntegerField(),
        "offset": serializers.IntegerField(allow_null=True, help_text="null with acks=0: no answer is waited for."),
        "timestamp": serializers.IntegerField(),
        "acks": serializers.JSONField(help_text='The acks used: 0, 1 or "all".')}),
)
@api_view(["GET", "POST"])
@permission_classes([role_per_method(GET=VIEWER, POST=OPERATOR)])
@cluster_api
def messages(request, cluster, topic):
    if request.method == "POST":
        return _produce(request, cluster, topic)
    page = browse.browse(cluster, topic, BrowseForm.parse(request.query_params))
    return Response(page_data(page))


def _produce(request, cluster, topic):
    key, value, headers, partition = produce.parse_request(request.data)
    acks = produce.parse_acks(request.data.get("acks"))
    produced = produce.produce(cluster, topic, key, value, headers, partition, actor=request.user, acks=acks)
    return Response({"topic": produced.topic, "partition": produced.partition, "offset": produced.offset,
                     "timestamp": produced.timestamp, "acks": produced.acks}, status=201)


@extend_schema(
    parameters=[OpenApiParameter("as", str, enum=list(export.FORMATS), description="File format (default jsonl)."),
                OpenApiParameter("max_records", int), *BROWSE_PARAMETERS],
    responses={(200, "application/x-ndjson"): OpenApiTypes.STR, (200, "text/csv"): OpenApiTypes.STR},
)
@api_view(["GET"])
@permission_classes([IsViewer])
@cluster_api
def export_messages(request, cluster, topic):
    return export.response(cluster, topic, request.query_params)
