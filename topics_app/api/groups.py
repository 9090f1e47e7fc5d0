from dataclasses import asdict

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from topics_app.api import serializers
from topics_app.api.decorators import cluster_api
from topics_app.roles import ADMIN, VIEWER, IsOperator, role_per_method
from topics_app.services import groups, history_windows, lag_history, offset_reset, rate_history


def _flag(request, name):
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    if raw.lower() in ("1", "true", "yes"):
        return True
    if raw.lower() in ("0", "false", "no"):
        return False
    raise ValidationError({name: ["Use true or false."]})


@extend_schema(
    parameters=[
        OpenApiParameter("state", OpenApiTypes.STR,
                         description="Stable, Empty, PreparingRebalance, Assigning, Reconciling, ..."),
        OpenApiParameter("has_lag", OpenApiTypes.BOOL, description="Only groups with (true) or without (false) lag."),
    ],
    responses=serializers.GroupSummarySerializer(many=True),
)
@api_view(["GET"])
@cluster_api
def group_list(request, cluster):
    found = groups.list_groups(cluster, state=request.query_params.get("state") or None,
                               has_lag=_flag(request, "has_lag"))
    return Response(serializers.GroupSummarySerializer([asdict(g) for g in found], many=True).data)


@extend_schema(
    methods=["GET"],
    parameters=[OpenApiParameter("time_lag", OpenApiTypes.BOOL, description="Compute time lag (default true).")],
    responses=serializers.GroupDetailSerializer,
)
@extend_schema(methods=["DELETE"], responses={204: None}, description="Admins only; the group must be empty.")
@api_view(["GET", "DELETE"])
@permission_classes([role_per_method(GET=VIEWER, DELETE=ADMIN)])
@cluster_api
def group_detail(request, cluster, group):
    if request.method == "DELETE":
        groups.delete_group(cluster, group, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
    detail = groups.describe_group(cluster, group, time_lag=_flag(request, "time_lag") is not False)
    return Response(serializers.GroupDetailSerializer(asdict(detail)).data)


@extend_schema(request=serializers.ResetOffsetsRequestSerializer, responses=serializers.ResetOffsetsResultSerializer)
@api_view(["POST"])
@permission_classes([IsOperator])
@cluster_api
def reset_offsets(request, cluster, group):
    data = serializers.validated(serializers.ResetOffsetsRequestSerializer, request)
    args = dict(topic=data["topic"], partitions=data.get("partitions") or None, to=data["to"],
                value=data.get("value"))
    if data["dry_run"]:
        plan = offset_reset.plan(cluster, group, **args)
    else:
        plan = offset_reset.apply(cluster, group, **args, actor=request.user)
    return Response(serializers.ResetOffsetsResultSerializer(plan).data)


WINDOW = OpenApiParameter("window", OpenApiTypes.STR, enum=list(history_windows.WINDOWS))


@extend_schema(parameters=[WINDOW], responses=serializers.LagHistorySerializer)
@api_view(["GET"])
@cluster_api
def lag_history_view(request, cluster, group):
    found = lag_history.history(cluster, group, request.query_params.get("window") or history_windows.DEFAULT_WINDOW)
    return Response(serializers.LagHistorySerializer(asdict(found)).data)


@extend_schema(parameters=[WINDOW], responses=serializers.RateHistorySerializer)
@api_view(["GET"])
@cluster_api
def rate_history_view(request, cluster, group):
    found = rate_history.group_history(cluster, group, request.query_params.get("window") or
                                       history_windows.DEFAULT_WINDOW)
    return Response(serializers.RateHistorySerializer(asdict(found)).data)
