from dataclasses import asdict

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from topics_app.api import serializers
from topics_app.api.decorators import cluster_api
from topics_app.errors import InvalidRequest
from topics_app.roles import ADMIN, TOPIC_CREATOR, VIEWER, IsAdmin, role_per_method
from topics_app.services import health, history_windows, purge, rate_history, topics
from topics_app.services.topic_configs import alter_configs


@extend_schema(
    methods=["GET"],
    parameters=[OpenApiParameter("search", str), OpenApiParameter("internal", bool),
                OpenApiParameter("health", str, enum=list(health.KINDS),
                                 description="Only the topics with partitions that have this problem")],
    responses=serializers.TopicSummarySerializer(many=True),
)
@extend_schema(methods=["POST"], request=serializers.TopicCreateSerializer,
               responses={201: serializers.TopicDetailSerializer})
@api_view(["GET", "POST"])
@permission_classes([role_per_method(GET=VIEWER, POST=TOPIC_CREATOR)])
@cluster_api
def topic_collection(request, cluster):
    if request.method == "GET":
        found = topics.list_topics(cluster, search=request.query_params.get("search", ""),
                                   include_internal=request.query_params.get("internal") in ("1", "true"),
                                   health=request.query_params.get("health") or None)
        return Response([summary.as_dict() for summary in found])
    data = serializers.validated(serializers.TopicCreateSerializer, request)
    topics.create_topic(cluster, data["name"], data["partitions"], data["replication_factor"], data["configs"],
                        actor=request.user)
    detail = topics.describe_topic(cluster, data["name"])
    return Response(serializers.TopicDetailSerializer(detail).data, status=status.HTTP_201_CREATED)


@extend_schema(methods=["GET"], responses=serializers.TopicDetailSerializer)
@extend_schema(methods=["DELETE"], responses={204: None})
@api_view(["GET", "DELETE"])
@permission_classes([role_per_method(GET=VIEWER, DELETE=ADMIN)])
@cluster_api
def topic_item(request, cluster, topic):
    if request.method == "GET":
        return Response(serializers.TopicDetailSerializer(topics.describe_topic(cluster, topic)).data)
    topics.delete_topic(cluster, topic, actor=request.user)
    return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(request=serializers.ConfigPatchSerializer, responses=serializers.ConfigChangeSerializer(many=True))
@api_view(["PATCH"])
@permission_classes([IsAdmin])
@cluster_api
def topic_configs(request, cluster, topic):
    changes = serializers.validated(serializers.ConfigPatchSerializer, request)["configs"]
    applied = alter_configs(cluster, topic, changes, actor=request.user)
    return Response(serializers.ConfigChangeSerializer(applied, many=True).data)


@extend_schema(request=serializers.PartitionCountSerializer, responses=serializers.PartitionCountSerializer)
@api_view(["POST"])
@permission_classes([IsAdmin])
@cluster_api
def topic_partitions(request, cluster, topic):
    count = serializers.validated(serializers.PartitionCountSerializer, request)["count"]
    topics.add_partitions(cluster, topic, count, actor=request.user)
    return Response({"count": count})


@extend_schema(request=serializers.PurgeSerializer, responses=serializers.PurgeResultSerializer)
@api_view(["POST"])
@permission_classes([IsAdmin])
@cluster_api
def topic_purge(request, cluster, topic):
    wanted = serializers.validated(serializers.PurgeSerializer, request)["partitions"]
    if wanted is not None:
        try:
            wanted = {int(p): before for p, before in wanted.items()}
        except ValueError:
            raise InvalidRequest("Partition numbers must be whole numbers.", field="partitions") from None
    deleted = purge.apply(cluster, purge.plan(cluster, topic, wanted), actor=request.user)
    return Response({"deleted": {str(p): n for p, n in deleted.items()}, "total": sum(deleted.values())})


@extend_schema(parameters=[OpenApiParameter("window", str, enum=list(history_windows.WINDOWS))],
               responses=serializers.RateHistorySerializer)
@api_view(["GET"])
@cluster_api
def topic_rate_history(request, cluster, topic):
    found = rate_history.topic_history(cluster, topic, request.query_params.get("window") or
                                       history_windows.DEFAULT_WINDOW)
    return Response(serializers.RateHistorySerializer(asdict(found)).data)
