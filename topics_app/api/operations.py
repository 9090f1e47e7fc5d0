"""Leader election and partition reassignment: admins act, everyone may see the reassignments in progress."""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from topics_app.api.decorators import cluster_api
from topics_app.api.serializers import validated
from topics_app.roles import ADMIN, VIEWER, IsAdmin, role_per_method
from topics_app.services import leader_election, reassignment, reassignment_plan


class ElectLeadersRequestSerializer(serializers.Serializer):
    partitions = serializers.ListField(child=serializers.IntegerField(min_value=0), required=False, allow_null=True,
                                       help_text="Partition numbers; null or absent for all.")
    type = serializers.ChoiceField(choices=list(leader_election.ELECTION_TYPES), default="preferred",
                                   help_text="unclean may elect a replica that lacks records: they are lost.")
    dry_run = serializers.BooleanField(default=False, help_text="True only says what the election would do.")


class ElectionRowSerializer(serializers.Serializer):
    partition = serializers.IntegerField()
    leader = serializers.IntegerField(help_text="The leader before the election (-1: none).")
    preferred = serializers.IntegerField()
    replicas = serializers.ListField(child=serializers.IntegerField())
    isr = serializers.ListField(child=serializers.IntegerField())
    preferred_up = serializers.BooleanField()
    result = serializers.ChoiceField(choices=[leader_election.ELECTED, leader_election.NOT_NEEDED,
                                              leader_election.FAILED])
    detail = serializers.CharField()
    leader_after = serializers.IntegerField(allow_null=True)


class ElectionSerializer(serializers.Serializer):
    topic = serializers.CharField()
    type = serializers.CharField()
    dry_run = serializers.BooleanField()
    partitions = ElectionRowSerializer(many=True)


class ReassignRequestSerializer(serializers.Serializer):
    moves = serializers.JSONField(required=False, allow_null=True,
                                  help_text="{topic: {partition: [replica ids]}}, the preferred leader first.")
    replication_factor = serializers.JSONField(required=False, allow_null=True, help_text="{topic: n}")
    drain_brokers = serializers.ListField(child=serializers.IntegerField(min_value=0), required=False,
                                          allow_null=True, help_text="Move every replica off these brokers.")
    throttle_bytes_per_s = serializers.IntegerField(required=False, allow_null=True, min_value=0,
                                                    help_text="Replication throttle while it moves; removed when "
                                                              "the reassignment ends.")
    dry_run = serializers.BooleanField(default=True, help_text="True (the default) only shows the plan.")


class PlanRowSerializer(serializers.Serializer):
    topic = serializers.CharField()
    partition = serializers.IntegerField()
    before = serializers.ListField(child=serializers.IntegerField())
    after = serializers.ListField(child=serializers.IntegerField())
    bytes = serializers.IntegerField(help_text="Bytes to copy: the partition's size on its leader times the "
                                               "replicas added.")


class PlanSerializer(serializers.Serializer):
    mode = serializers.CharField()
    dry_run = serializers.BooleanField()
    applied = serializers.BooleanField()
    throttle_bytes_per_s = serializers.IntegerField(allow_null=True)
    total_bytes = serializers.IntegerField()
    plan = PlanRowSerializer(many=True)


class InProgressSerializer(serializers.Serializer):
    topic = serializers.CharField()
    partition = serializers.IntegerField()
    replicas = serializers.ListField(child=serializers.IntegerField())
    adding = serializers.ListField(child=serializers.IntegerField())
    removing = serializers.ListField(child=serializers.IntegerField())
    size_bytes = serializers.IntegerField(allow_null=True, help_text="The partition's size on its leader.")
    copied_bytes = serializers.IntegerField(allow_null=True, help_text="What the adding replicas hold so far.")
    percent = serializers.IntegerField(allow_null=True)


class CancelRequestSerializer(serializers.Serializer):
    partitions = serializers.JSONField(required=False, allow_null=True,
                                       help_text="[[topic, partition], ...]; null for every reassignment.")


class CancelledSerializer(serializers.Serializer):
    cancelled = serializers.ListField(child=serializers.ListField())


@extend_schema(request=ElectLeadersRequestSerializer, responses=ElectionSerializer)
@api_view(["POST"])
@permission_classes([IsAdmin])
@cluster_api
def elect_leaders(request, cluster, topic):
    data = validated(ElectLeadersRequestSerializer, request)
    args = dict(topic=topic, partitions=data.get("partitions"), election_type=data["type"])
    if data["dry_run"]:
        found = leader_election.plan(cluster, **args)
    else:
        found = leader_election.elect(cluster, **args, actor=request.user)
    return Response(ElectionSerializer(found).data)


@extend_schema(methods=["GET"], responses=InProgressSerializer(many=True))
@extend_schema(methods=["POST"], request=ReassignRequestSerializer, responses=PlanSerializer)
@extend_schema(methods=["DELETE"], request=CancelRequestSerializer, responses=CancelledSerializer)
@api_view(["GET", "POST", "DELETE"])
@permission_classes([role_per_method(GET=VIEWER, POST=ADMIN, DELETE=ADMIN)])
@cluster_api
def reassignments(request, cluster):
    if request.method == "GET":
        return Response(InProgressSerializer(reassignment.in_progress(cluster), many=True).data)
    if request.method == "DELETE":
        data = validated(CancelRequestSerializer, request)
        cancelled = reassignment.cancel(cluster, data.get("partitions"), actor=request.user)
        return Response({"cancelled": [list(key) for key in cancelled]})
    data = validated(ReassignRequestSerializer, request)
    args = {name: data.get(name) for name in (*reassignment_plan.MODES, "throttle_bytes_per_s")}
    if data["dry_run"]:
        found = reassignment.plan(cluster, **args)
    else:
        found = reassignment.apply(cluster, **args, actor=request.user)
    return Response(PlanSerializer(found).data)
