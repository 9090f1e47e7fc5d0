"""The alerts part of the API: /api/v1/alerts/..., over alerts_app.services."""
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from alerts_app.models import Firing, Kind
from alerts_app.services import rules, status as alert_status
from topics_app.roles import ADMIN, VIEWER, IsOperator, role_per_method


class AlertSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    rule = serializers.CharField(source="rule.name")
    rule_id = serializers.IntegerField()
    state = serializers.CharField()
    since = serializers.DateTimeField()
    resolved_at = serializers.DateTimeField(allow_null=True)
    value = serializers.FloatField()
    subject = serializers.CharField()


class ChannelSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=rules.CHANNEL_TYPES)
    url = serializers.CharField(required=False, help_text="webhook: the http(s) URL it POSTs to")
    to = serializers.CharField(required=False, help_text="email: addresses separated by commas")


class RuleSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Kind.values)
    cluster = serializers.CharField(source="cluster.name")
    target = serializers.CharField(allow_blank=True)
    pattern_type = serializers.ChoiceField(choices=["glob", "regex"])
    threshold = serializers.FloatField()
    for_s = serializers.IntegerField()
    renotify_s = serializers.IntegerField(allow_null=True)
    channels = serializers.SerializerMethodField()
    silenced_until = serializers.DateTimeField(allow_null=True)
    evaluation_error = serializers.CharField()

    @extend_schema_field(ChannelSerializer(many=True))
    def get_channels(self, rule):
        return alert_status.channels_seen_by(self.context["request"].user, rule)


def shown(request, found, many=False):
    return RuleSerializer(found, many=many, context={"request": request}).data


class RuleRequestSerializer(serializers.Serializer):
    """Only the shape: the service checks each value and names the field at fault."""
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Kind.values)
    cluster = serializers.CharField()
    target = serializers.CharField(required=False, allow_blank=True, default="*")
    pattern_type = serializers.ChoiceField(choices=["glob", "regex"], required=False, default="glob")
    threshold = serializers.JSONField(required=False, help_text="A number")
    for_s = serializers.JSONField(required=False, help_text="Whole seconds, 0 or more")
    renotify_s = serializers.JSONField(required=False, help_text="Whole seconds, or null for once")
    channels = serializers.JSONField(required=False, help_text="[{type: webhook, url} | {type: email, to}]")


class SilenceSerializer(serializers.Serializer):
    until = serializers.CharField(allow_null=True, allow_blank=True,
                                  help_text="ISO date and time; null or empty to notify again now")


@extend_schema(parameters=[OpenApiParameter("state", str, enum=["firing", "resolved"])],
               responses=AlertSerializer(many=True))
@api_view(["GET"])
def alert_list(request):
    state = request.query_params.get("state") or None
    if state not in (None, Firing.State.FIRING, Firing.State.RESOLVED):
        rules.refuse("state", "state must be firing or resolved.")
    return Response(AlertSerializer(alert_status.alerts(state), many=True).data)


@extend_schema(methods=["GET"], responses=RuleSerializer(many=True))
@extend_schema(methods=["POST"], request=RuleRequestSerializer, responses={201: RuleSerializer})
@api_view(["GET", "POST"])
@permission_classes([role_per_method(GET=VIEWER, POST=ADMIN)])
def rule_collection(request):
    if request.method == "GET":
        return Response(shown(request, [s.rule for s in alert_status.rule_states()], many=True))
    data = request.data if isinstance(request.data, dict) else {}
    rule = rules.create_rule(rules.cluster_named(data.get("cluster")), data, actor=request.user)
    return Response(shown(request, rule), status=status.HTTP_201_CREATED)


@extend_schema(methods=["GET"], responses=RuleSerializer)
@extend_schema(methods=["PUT"], request=RuleRequestSerializer, responses=RuleSerializer)
@extend_schema(methods=["DELETE"], responses={204: None})
@api_view(["GET", "PUT", "DELETE"])
@permission_classes([role_per_method(GET=VIEWER, PUT=ADMIN, DELETE=ADMIN)])
def rule_item(request, rule_id):
    rule = rules.get_rule(rule_id)
    if request.method == "GET":
        return Response(shown(request, rule))
    if request.method == "PUT":
        data = request.data if isinstance(request.data, dict) else {}
        rule = rules.update_rule(rules.cluster_named(data.get("cluster")), rule, data, actor=request.user)
        return Response(shown(request, rule))
    rules.delete_rule(rule, actor=request.user)
    return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(request=SilenceSerializer, responses=RuleSerializer)
@api_view(["POST"])
@permission_classes([IsOperator])
def silence(request, rule_id):
    rule = rules.get_rule(rule_id)
    data = request.data if isinstance(request.data, dict) else {}
    if "until" not in data:
        rules.refuse("until", "until is required: a date and time, or null to notify again now.")
    silenced = rules.silence_rule(rule, data["until"], actor=request.user)
    return Response(shown(request, silenced))
