"""The brokers and the metadata quorum: list, detail with configs, editing dynamic configs (admins)."""
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response
from rest_framework_dataclasses.serializers import DataclassSerializer

from topics_app.api.decorators import cluster_api
from topics_app.api.serializers import ConfigChangeSerializer, ConfigPatchSerializer, validated
from topics_app.roles import IsAdmin
from topics_app.services import brokers

BROKER_PARAMETER = OpenApiParameter("broker", str, OpenApiParameter.PATH,
                                    description='A broker id; for configs also "default", the cluster-wide default.')


class LogDirSerializer(DataclassSerializer):
    class Meta:
        dataclass = brokers.LogDir
        extra_kwargs = {"size_bytes": {"help_text": "Bytes of the partitions in this directory."},
                        "usable_bytes": {"help_text": "Free space on its volume; -1 when the broker does not say."}}


BROKER_FIELD_HELP = {
    "up": {"help_text": "False for a node that is registered or in the quorum but not serving (stopped, fenced)."},
    "is_controller": {"help_text": "The active controller: the metadata quorum's leader."},
    "voter": {"help_text": "A voter of the metadata quorum."},
    "observer": {"help_text": "An observer of the metadata quorum (a broker that is not a controller)."},
    "quorum_lag": {"help_text": "Metadata log records behind the quorum leader; null outside the quorum."},
    "under_replicated": {"help_text": "Partitions this broker leads whose ISR is smaller than their replicas."},
}


class BrokerSerializer(DataclassSerializer):
    log_dirs = LogDirSerializer(many=True)

    class Meta:
        dataclass = brokers.BrokerRow
        extra_kwargs = BROKER_FIELD_HELP


class BrokerConfigSerializer(DataclassSerializer):
    class Meta:
        dataclass = brokers.BrokerConfig
        extra_kwargs = {
            "value": {"help_text": "Null for a sensitive config (masked) or one with no value."},
            "dynamic": {"help_text": "Can change while the broker runs (the opposite of read_only)."},
            "overridden": {"help_text": "This broker has a dynamic override of its own."},
            "override": {"help_text": "The value of this broker's dynamic override."},
            "fallback": {"help_text": "The value that applies when this broker's override is deleted."},
        }


class BrokerDetailSerializer(DataclassSerializer):
    log_dirs = LogDirSerializer(many=True)
    configs = BrokerConfigSerializer(many=True)

    class Meta:
        dataclass = brokers.BrokerDetail
        extra_kwargs = {**BROKER_FIELD_HELP,
                        "configs_error": {"help_text": 'Why configs is empty (a broker that is down); "" otherwise.'}}


class QuorumSerializer(DataclassSerializer):
    class Meta:
        dataclass = brokers.Quorum


@extend_schema(responses=BrokerSerializer(many=True))
@api_view(["GET"])
@cluster_api
def broker_list(request, cluster):
    return Response(BrokerSerializer(brokers.list_brokers(cluster), many=True).data)


@extend_schema(parameters=[BROKER_PARAMETER], responses=BrokerDetailSerializer)
@api_view(["GET"])
@cluster_api
def broker_detail(request, cluster, broker):
    return Response(BrokerDetailSerializer(brokers.describe_broker(cluster, broker)).data)


@extend_schema(parameters=[BROKER_PARAMETER], request=ConfigPatchSerializer,
               responses=ConfigChangeSerializer(many=True),
               description="Set dynamic configs (a value) or delete their dynamic override (null) in one incremental "
                           "request. Every change is checked first: a read-only or unknown config, or a value Kafka "
                           "refuses, changes nothing.")
@api_view(["PATCH"])
@permission_classes([IsAdmin])
@cluster_api
def broker_configs(request, cluster, broker):
    changes = validated(ConfigPatchSerializer, request)["configs"]
    applied = brokers.alter_broker_configs(cluster, broker, changes, actor=request.user)
    return Response(ConfigChangeSerializer(applied, many=True).data)


@extend_schema(responses=QuorumSerializer)
@api_view(["GET"])
@cluster_api
def quorum(request, cluster):
    return Response(QuorumSerializer(brokers.describe_quorum(cluster)).data)
