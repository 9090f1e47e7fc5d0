from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from topics_app.api import serializers
from topics_app.errors import InvalidRequest
from topics_app.models import AuditEntry, Cluster
from topics_app.roles import ADMIN, IsAdmin, has_role
from topics_app.services import topics


def require_admin_for_writes(request):
    """The collection and item routes share a URL for read and write; writes need the admin role."""
    if request.method != "GET" and not has_role(request.user, ADMIN):
        raise PermissionDenied("This needs the admin role.")


@extend_schema(
    methods=["GET"],
    parameters=[OpenApiParameter("search", str), OpenApiParameter("internal", bool)],
    responses=serializers.TopicSummarySerializer(many=True),
)
@extend_schema(methods=["POST"], request=serializers.TopicCreateSerializer,
               responses={201: serializers.TopicDetailSerializer})
@api_view(["GET", "POST"])
def topic_collection(request, cluster):
    cluster = get_object_or_404(Cluster, name=cluster)
    require_admin_for_writes(request)
    if request.method == "GET":
        found = topics.list_topics(cluster, search=request.query_params.get("search", ""),
                                   include_internal=request.query_params.get("internal") in ("1", "true"))
        return Response(serializers.TopicSummarySerializer(found, many=True).data)
    data = serializers.validated(serializers.TopicCreateSerializer, request)
    with AuditEntry.track(request.user, "create_topic", cluster=cluster, target=data["name"],
                          details={k: data[k] for k in ("partitions", "replication_factor", "configs")}):
        topics.create_topic(cluster, data["name"], data["partitions"], data["replication_factor"], data["configs"])
    detail = topics.describe_topic(cluster, data["name"])
    return Response(serializers.TopicDetailSerializer(detail).data, status=status.HTTP_201_CREATED)


@extend_schema(methods=["GET"], responses=serializers.TopicDetailSerializer)
@extend_schema(methods=["DELETE"], responses={204: None})
@api_view(["GET", "DELETE"])
def topic_item(request, cluster, topic):
    cluster = get_object_or_404(Cluster, name=cluster)
    require_admin_for_writes(request)
    if request.method == "GET":
        return Response(serializers.TopicDetailSerializer(topics.describe_topic(cluster, topic)).data)
    with AuditEntry.track(request.user, "delete_topic", cluster=cluster, target=topic):
        topics.delete_topic(cluster, topic)
    return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(request=serializers.ConfigPatchSerializer, responses=serializers.ConfigChangeSerializer(many=True))
@api_view(["PATCH"])
@permission_classes([IsAdmin])
def topic_configs(request, cluster, topic):
    cluster = get_object_or_404(Cluster, name=cluster)
    changes = serializers.validated(serializers.ConfigPatchSerializer, request)["configs"]
    with AuditEntry.track(request.user, "alter_topic_configs", cluster=cluster, target=topic,
                          details={"changes": changes}):
        applied = topics.alter_configs(cluster, topic, changes)
    return Response(serializers.ConfigChangeSerializer(applied, many=True).data)


@extend_schema(request=serializers.PartitionCountSerializer, responses=serializers.PartitionCountSerializer)
@api_view(["POST"])
@permission_classes([IsAdmin])
def topic_partitions(request, cluster, topic):
    cluster = get_object_or_404(Cluster, name=cluster)
    count = serializers.validated(serializers.PartitionCountSerializer, request)["count"]
    with AuditEntry.track(request.user, "add_partitions", cluster=cluster, target=topic, details={"to": count}):
        topics.add_partitions(cluster, topic, count)
    return Response({"count": count})


@extend_schema(request=serializers.PurgeSerializer, responses=serializers.PurgeResultSerializer)
@api_view(["POST"])
@permission_classes([IsAdmin])
def topic_purge(request, cluster, topic):
    cluster = get_object_or_404(Cluster, name=cluster)
    wanted = serializers.validated(serializers.PurgeSerializer, request)["partitions"]
    if wanted is not None:
        try:
            wanted = {int(p): before for p, before in wanted.items()}
        except ValueError:
            raise InvalidRequest("Partition numbers must be whole numbers.", field="partitions") from None
    plan = topics.purge_plan(cluster, topic, wanted)
    with AuditEntry.track(request.user, "purge_topic", cluster=cluster, target=topic,
                          details={"before_offsets": {p: b for p, (_, _, b) in plan.partitions.items()}}):
        deleted = topics.purge(cluster, plan)
    return Response({"deleted": {str(p): n for p, n in deleted.items()}, "total": sum(deleted.values())})
