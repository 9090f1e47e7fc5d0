"""The Connect part of the API: /api/v1/connect/..., over connect_app.services."""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from connect_app import services
from connect_app.models import ConnectCluster
from topics_app.api.serializers import validated
from topics_app.roles import ADMIN, VIEWER, IsOperator, role_per_method


class ConnectSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.CharField()
    kafka_cluster = serializers.CharField(allow_null=True)
    reachable = serializers.BooleanField()
    version = serializers.CharField(allow_null=True)
    error = serializers.CharField(help_text="Why Connect cannot be reached; empty when it can.")


class PluginSerializer(serializers.Serializer):
    locals()["class"] = serializers.CharField(source="class_name")
    type = serializers.CharField()
    version = serializers.CharField()


class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.CharField()
    worker_id = serializers.CharField()


class TaskDetailSerializer(TaskSerializer):
    trace = serializers.CharField(help_text="The stack trace of a failed task; empty otherwise.")


class ConnectorSerializer(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.CharField()
    locals()["class"] = serializers.CharField(source="class_name")
    state = serializers.CharField()
    tasks = TaskSerializer(many=True)
    topics = serializers.ListField(child=serializers.CharField())


class ConnectorDetailSerializer(ConnectorSerializer):
    config = serializers.DictField(child=serializers.CharField(), help_text="Secrets show as [hidden].")
    worker_id = serializers.CharField()
    trace = serializers.CharField(help_text="The stack trace of a failed connector; empty otherwise.")
    tasks = TaskDetailSerializer(many=True)
    offsets = serializers.ListField(child=serializers.DictField(), help_text="Connect's offsets API, as it answers.")


class ConnectorCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=249)
    config = serializers.DictField(child=serializers.CharField(allow_blank=True))


class ConfigSerializer(serializers.Serializer):
    config = serializers.DictField(child=serializers.CharField(allow_blank=True))


class RestartSerializer(serializers.Serializer):
    include_tasks = serializers.BooleanField(default=False)
    only_failed = serializers.BooleanField(default=False)


def connect_of(name):
    return get_object_or_404(ConnectCluster, name=name)


@extend_schema(responses=ConnectSerializer(many=True))
@api_view(["GET"])
def connect_list(request):
    ConnectCluster.ensure_default()
    return Response(ConnectSerializer([services.status(c) for c in ConnectCluster.objects.all()], many=True).data)


@extend_schema(responses=PluginSerializer(many=True))
@api_view(["GET"])
def plugin_list(request, connect):
    return Response(PluginSerializer(services.list_plugins(connect_of(connect)), many=True).data)


@extend_schema(methods=["GET"], parameters=[OpenApiParameter("state", str, enum=list(services.STATES))],
               responses=ConnectorSerializer(many=True))
@extend_schema(methods=["POST"], request=ConnectorCreateSerializer, responses={201: ConnectorDetailSerializer})
@api_view(["GET", "POST"])
@permission_classes([role_per_method(GET=VIEWER, POST=ADMIN)])
def connector_collection(request, connect):
    connect = connect_of(connect)
    if request.method == "GET":
        found = services.list_connectors(connect, state=request.query_params.get("state") or None)
        return Response(ConnectorSerializer(found, many=True).data)
    data = validated(ConnectorCreateSerializer, request)
    services.create_connector(connect, data["name"], data["config"], actor=request.user)
    detail = services.describe_connector(connect, data["name"].strip())
    return Response(ConnectorDetailSerializer(detail).data, status=status.HTTP_201_CREATED)


@extend_schema(methods=["GET"], responses=ConnectorDetailSerializer)
@extend_schema(methods=["DELETE"], responses={204: None})
@api_view(["GET", "DELETE"])
@permission_classes([role_per_method(GET=VIEWER, DELETE=ADMIN)])
def connector_item(request, connect, name):
    connect = connect_of(connect)
    if request.method == "GET":
        return Response(ConnectorDetailSerializer(services.describe_connector(connect, name)).data)
    services.delete_connector(connect, name, actor=request.user)
    return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(request=ConfigSerializer, responses=ConnectorDetailSerializer)
@api_view(["PUT"])
@permission_classes([role_per_method(PUT=ADMIN)])
def connector_config(request, connect, name):
    connect = connect_of(connect)
    services.update_config(connect, name, validated(ConfigSerializer, request)["config"], actor=request.user)
    return Response(ConnectorDetailSerializer(services.describe_connector(connect, name)).data)


def state_change(change):
    """An operator's POST that changes a connector's state; answers 202 once Connect took it."""

    @extend_schema(request=None, responses={202: None}, operation_id=f"connect_connector_{change.__name__}")
    @api_view(["POST"])
    @permission_classes([IsOperator])
    def view(request, connect, name):
        change(connect_of(connect), name, actor=request.user)
        return Response(status=status.HTTP_202_ACCEPTED)

    return view


pause = state_change(services.pause)
resume = state_change(services.resume)
stop = state_change(services.stop)


@extend_schema(request=RestartSerializer, responses={202: None})
@api_view(["POST"])
@permission_classes([IsOperator])
def restart(request, connect, name):
    options = validated(RestartSerializer, request)
    services.restart(connect_of(connect), name, **options, actor=request.user)
    return Response(status=status.HTTP_202_ACCEPTED)


@extend_schema(request=None, responses={202: None})
@api_view(["POST"])
@permission_classes([IsOperator])
def restart_task(request, connect, name, task):
    services.restart_task(connect_of(connect), name, task, actor=request.user)
    return Response(status=status.HTTP_202_ACCEPTED)


@extend_schema(responses={204: None})
@api_view(["DELETE"])
@permission_classes([role_per_method(DELETE=ADMIN)])
def offsets(request, connect, name):
    services.reset_offsets(connect_of(connect), name, actor=request.user)
    return Response(status=status.HTTP_204_NO_CONTENT)
