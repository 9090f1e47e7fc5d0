from dataclasses import asdict

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response
from rest_framework_dataclasses.serializers import DataclassSerializer

from topics_app.api.decorators import cluster_api
from topics_app.roles import IsAdmin
from topics_app.services import transactions


class TransactionSerializer(DataclassSerializer):
    class Meta:
        dataclass = transactions.Transaction
        extra_kwargs = {
            "started_ms": {"help_text": "When the open transaction began; null when none is open."},
            "hanging": {"help_text": "A partition still holds it open past its timeout."},
            "replay_job_id": {"help_text": "The Strom replay job this transactional id belongs to; null otherwise.",
                              "required": True},
        }


class ProducerSerializer(DataclassSerializer):
    class Meta:
        dataclass = transactions.Producer


class AbortRequestSerializer(serializers.Serializer):
    """Documents the body; the service checks it, so a form and the API refuse the same input the same way."""
    topic = serializers.CharField()
    partition = serializers.IntegerField(min_value=0)
    producer_id = serializers.IntegerField(min_value=0)
    producer_epoch = serializers.IntegerField(min_value=0)
    coordinator_epoch = serializers.IntegerField(min_value=-1)


@extend_schema(responses=TransactionSerializer(many=True))
@api_view(["GET"])
@cluster_api
def transaction_list(request, cluster):
    found = transactions.overview(cluster)
    return Response(TransactionSerializer([asdict(row) for row in found.transactions], many=True).data)


@extend_schema(responses=ProducerSerializer(many=True),
               description="One row per partition a hanging transaction holds open, with what an abort names.")
@api_view(["GET"])
@cluster_api
def hanging_list(request, cluster):
    found = transactions.overview(cluster)
    return Response(ProducerSerializer([asdict(row) for row in found.hanging], many=True).data)


@extend_schema(responses=ProducerSerializer(many=True),
               description="The active producers of each partition of the topic "
                           "(kafka-transactions describe-producers).")
@api_view(["GET"])
@cluster_api
def topic_producers(request, cluster, topic):
    rows = transactions.topic_producers(cluster, topic)
    return Response(ProducerSerializer([asdict(row) for row in rows], many=True).data)


@extend_schema(request=AbortRequestSerializer, responses=ProducerSerializer,
               description="Admins only. Aborts a hanging transaction on one partition; a transaction that is not "
                           "hanging is refused, naming the field that does not match.")
@api_view(["POST"])
@permission_classes([IsAdmin])
@cluster_api
def transaction_abort(request, cluster):
    target = transactions.abort_target(request.data)
    row = transactions.abort_transaction(cluster, target, actor=request.user)
    return Response(ProducerSerializer(asdict(row)).data)
