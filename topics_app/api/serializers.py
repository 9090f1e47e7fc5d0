"""The API's request and response bodies.

Responses that are a service's dataclass use DataclassSerializer (djangorestframework-dataclasses): the field
names and types come from the dataclass, so they are written once. Such a serializer only lists what differs
from the dataclass: fields left out, an order other than the dataclass's, help texts, and `required` where a
dataclass default would otherwise mark a field that every answer carries as optional in the OpenAPI document.
A nested dataclass gets a serializer of its own (its component in the schema is named after the
dataclass); one is written out only where it differs, or to keep a component's name (Partition).
"""
from rest_framework import serializers
from rest_framework_dataclasses.serializers import DataclassSerializer

from topics_app import topic_rules
from topics_app.services import clusters, groups, health, topic_configs, topics

ALWAYS_PRESENT = {"required": True}


def validated(serializer_class, request):
    """The request body checked by `serializer_class`; a 400 naming the fields otherwise."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class ClusterSummarySerializer(serializers.Serializer):
    name = serializers.CharField()
    bootstrap_servers = serializers.CharField()
    reachable = serializers.BooleanField()
    error = serializers.CharField(required=False,
                                  help_text="Why Strom cannot use the cluster now; absent when it can.")


class HealthSerializer(DataclassSerializer):
    class Meta:
        dataclass = health.Health
        extra_kwargs = {kind: ALWAYS_PRESENT for kind in health.KINDS}


class ClusterOverviewSerializer(DataclassSerializer):
    name = serializers.CharField()
    bootstrap_servers = serializers.CharField()

    class Meta:
        dataclass = clusters.ClusterOverview
        exclude = ("internal_topic_count",)
        extra_kwargs = {"brokers": ALWAYS_PRESENT, "topic_count": ALWAYS_PRESENT, "partition_count": ALWAYS_PRESENT}


class TopicSummarySerializer(DataclassSerializer):
    class Meta:
        dataclass = topics.TopicSummary


class TopicCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=249)
    partitions = serializers.IntegerField(min_value=1, max_value=topic_rules.MAX_PARTITIONS, default=1)
    replication_factor = serializers.IntegerField(
        min_value=1, max_value=topic_rules.SHORT_MAX, default=None, allow_null=True,
        help_text="Omitted or null: the cluster's default.replication.factor")
    configs = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False, default=dict)


class PartitionSerializer(DataclassSerializer):
    missing_from_isr = serializers.ListField(child=serializers.IntegerField(),
                                             help_text="Replicas that are not in the ISR")

    class Meta:
        dataclass = topics.PartitionDetail
        ref_name = "Partition"


class ConfigEntrySerializer(DataclassSerializer):
    class Meta:
        dataclass = topic_configs.ConfigEntry
        exclude = ("explanation",)


class TopicDetailSerializer(DataclassSerializer):
    replication_factor = serializers.IntegerField()
    health = HealthSerializer()
    partitions = PartitionSerializer(many=True)
    configs = ConfigEntrySerializer(many=True)

    class Meta:
        dataclass = topics.TopicDetail
        fields = ("name", "internal", "replication_factor", "health", "partitions", "configs")


class ConfigPatchSerializer(serializers.Serializer):
    configs = serializers.DictField(child=serializers.CharField(allow_null=True, allow_blank=True))


class ConfigChangeSerializer(DataclassSerializer):
    class Meta:
        dataclass = topic_configs.ConfigChange


class PartitionCountSerializer(serializers.Serializer):
    count = serializers.IntegerField(min_value=1, max_value=topic_rules.MAX_PARTITIONS)


class PurgeSerializer(serializers.Serializer):
    partitions = serializers.DictField(child=serializers.IntegerField(min_value=0, max_value=topic_rules.LONG_MAX),
                                       allow_null=True, required=False,
                                       default=None)


class PurgeResultSerializer(serializers.Serializer):
    deleted = serializers.DictField(child=serializers.IntegerField())
    total = serializers.IntegerField()


class GroupSummarySerializer(DataclassSerializer):
    class Meta:
        dataclass = groups.GroupSummary
        exclude = ("topic_lags", "topic_committed")
        extra_kwargs = {"lag": {"help_text": "Null when the group has no committed offsets."},
                        "group_type": {"help_text": "classic, consumer (the KIP-848 protocol) or share."}}


class PartitionOffsetSerializer(DataclassSerializer):
    class Meta:
        dataclass = groups.PartitionOffset
        extra_kwargs = {
            "committed": {"help_text": "Null: the group has committed no offset here."},
            "lag": {"help_text": "log_end - committed; null without a committed offset."},
            "time_lag_ms": {"help_text": "Age of the first record not yet consumed; null when not lagging or unknown.",
                            **ALWAYS_PRESENT},
        }


class GroupDetailSerializer(DataclassSerializer):
    offsets = PartitionOffsetSerializer(many=True)

    class Meta:
        dataclass = groups.GroupDetail
        fields = ("group_id", "state", "protocol", "protocol_type", "group_type", "members", "offsets", "lag",
                  "max_time_lag_ms", "group_epoch", "assignment_epoch")
        extra_kwargs = {"protocol": {"help_text": "The assignor, e.g. range, cooperative-sticky or uniform."},
                        "group_epoch": {"help_text": "Consumer-protocol (KIP-848) groups only; null for classic."},
                        "assignment_epoch": {"help_text": "Consumer-protocol (KIP-848) groups only; null for classic."}}


class ResetOffsetsRequestSerializer(serializers.Serializer):
    topic = serializers.CharField()
    partitions = serializers.ListField(child=serializers.IntegerField(min_value=0, max_value=topic_rules.INT_MAX),
                                       required=False, allow_null=True,
                                       help_text="Partition numbers; empty or null for all.")
    to = serializers.ChoiceField(choices=["earliest", "latest", "timestamp", "offset", "shift"])
    value = serializers.JSONField(
        required=False, allow_null=True,
        help_text="timestamp: ms since the epoch or ISO 8601; offset: the offset; shift: +N or -N.")
    dry_run = serializers.BooleanField(default=True, help_text="True (the default) only shows the plan.")


class ResetRowSerializer(serializers.Serializer):
    partition = serializers.IntegerField()
    current = serializers.IntegerField(allow_null=True)
    new = serializers.IntegerField()
    earliest = serializers.IntegerField()
    log_end = serializers.IntegerField()
    clamped = serializers.BooleanField()


class SkippedPartitionSerializer(serializers.Serializer):
    partition = serializers.IntegerField()
    reason = serializers.CharField()


class ResetOffsetsResultSerializer(serializers.Serializer):
    group_id = serializers.CharField()
    topic = serializers.CharField()
    to = serializers.CharField()
    value = serializers.JSONField(allow_null=True)
    dry_run = serializers.BooleanField()
    applied = serializers.BooleanField()
    partitions = ResetRowSerializer(many=True, source="rows")
    skipped = SkippedPartitionSerializer(
        many=True, help_text="Partitions a reset of all partitions left out, and why (a shift needs a committed "
                             "offset).")


class LagPointSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    total = serializers.IntegerField()
    topics = serializers.DictField(child=serializers.IntegerField())


class LagHistorySerializer(serializers.Serializer):
    group_id = serializers.CharField()
    window = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    topics = serializers.ListField(child=serializers.CharField())
    points = LagPointSerializer(many=True)


class RatePointSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    total = serializers.FloatField(help_text="messages/s")
    series = serializers.DictField(child=serializers.FloatField(), help_text="messages/s per partition or topic")


class RateHistorySerializer(serializers.Serializer):
    subject = serializers.CharField(help_text="The topic (messages in) or the group (messages consumed)")
    window = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    series = serializers.ListField(child=serializers.CharField(), help_text="Partitions of a topic; topics of a group")
    points = RatePointSerializer(many=True)
