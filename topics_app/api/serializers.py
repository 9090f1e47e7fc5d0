from rest_framework import serializers


def validated(serializer_class, request):
    """The request body checked by `serializer_class`; a 400 naming the fields otherwise."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class ClusterSummarySerializer(serializers.Serializer):
    name = serializers.CharField()
    bootstrap_servers = serializers.CharField()
    reachable = serializers.BooleanField()


class BrokerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    host = serializers.CharField()
    port = serializers.IntegerField()
    rack = serializers.CharField(allow_null=True)


class ClusterOverviewSerializer(serializers.Serializer):
    name = serializers.CharField()
    bootstrap_servers = serializers.CharField()
    cluster_id = serializers.CharField()
    controller_id = serializers.IntegerField()
    brokers = BrokerSerializer(many=True)
    topic_count = serializers.IntegerField()
    partition_count = serializers.IntegerField()


class TopicSummarySerializer(serializers.Serializer):
    name = serializers.CharField()
    partitions = serializers.IntegerField()
    replication_factor = serializers.IntegerField()
    internal = serializers.BooleanField()
    under_replicated = serializers.BooleanField()
    messages = serializers.IntegerField()
    size_bytes = serializers.IntegerField()


class TopicCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=249)
    partitions = serializers.IntegerField(min_value=1, default=1)
    replication_factor = serializers.IntegerField(min_value=1, default=1)
    configs = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False, default=dict)


class PartitionSerializer(serializers.Serializer):
    partition = serializers.IntegerField()
    leader = serializers.IntegerField()
    replicas = serializers.ListField(child=serializers.IntegerField())
    isr = serializers.ListField(child=serializers.IntegerField())
    earliest_offset = serializers.IntegerField()
    latest_offset = serializers.IntegerField()
    messages = serializers.IntegerField()
    size_bytes = serializers.IntegerField()


class ConfigEntrySerializer(serializers.Serializer):
    name = serializers.CharField()
    value = serializers.CharField(allow_null=True)
    source = serializers.CharField()
    is_default = serializers.BooleanField()
    read_only = serializers.BooleanField()
    sensitive = serializers.BooleanField()
    default_value = serializers.CharField(allow_null=True)


class TopicDetailSerializer(serializers.Serializer):
    name = serializers.CharField()
    internal = serializers.BooleanField()
    replication_factor = serializers.IntegerField()
    partitions = PartitionSerializer(many=True)
    configs = ConfigEntrySerializer(many=True)


class ConfigPatchSerializer(serializers.Serializer):
    configs = serializers.DictField(child=serializers.CharField(allow_null=True, allow_blank=True))


class ConfigChangeSerializer(serializers.Serializer):
    name = serializers.CharField()
    before = serializers.CharField(allow_null=True)
    after = serializers.CharField(allow_null=True)


class PartitionCountSerializer(serializers.Serializer):
    count = serializers.IntegerField(min_value=1)


class PurgeSerializer(serializers.Serializer):
    partitions = serializers.DictField(child=serializers.IntegerField(min_value=0), allow_null=True, required=False,
                                       default=None)


class PurgeResultSerializer(serializers.Serializer):
    deleted = serializers.DictField(child=serializers.IntegerField())
    total = serializers.IntegerField()
class GroupSummarySerializer(serializers.Serializer):
    group_id = serializers.CharField()
    state = serializers.CharField()
    protocol_type = serializers.CharField()
    group_type = serializers.CharField()
    members = serializers.IntegerField()
    topics = serializers.ListField(child=serializers.CharField())
    lag = serializers.IntegerField(allow_null=True, help_text="Null when the group has no committed offsets.")


class AssignmentSerializer(serializers.Serializer):
    topic = serializers.CharField()
    partition = serializers.IntegerField()


class MemberSerializer(serializers.Serializer):
    member_id = serializers.CharField()
    client_id = serializers.CharField()
    host = serializers.CharField()
    group_instance_id = serializers.CharField(allow_null=True)
    assigned = AssignmentSerializer(many=True)


class PartitionOffsetSerializer(serializers.Serializer):
    topic = serializers.CharField()
    partition = serializers.IntegerField()
    committed = serializers.IntegerField(allow_null=True, help_text="Null: the group has committed no offset here.")
    log_end = serializers.IntegerField()
    lag = serializers.IntegerField(allow_null=True, help_text="log_end - committed; null without a committed offset.")
    member = serializers.CharField(allow_null=True)
    client_id = serializers.CharField(allow_null=True)
    host = serializers.CharField(allow_null=True)
    time_lag_ms = serializers.IntegerField(
        allow_null=True, help_text="Age of the first record not yet consumed; null when not lagging or unknown.")


class GroupDetailSerializer(serializers.Serializer):
    group_id = serializers.CharField()
    state = serializers.CharField()
    protocol = serializers.CharField(help_text="The assignor, e.g. range or cooperative-sticky.")
    protocol_type = serializers.CharField()
    group_type = serializers.CharField()
    members = MemberSerializer(many=True)
    offsets = PartitionOffsetSerializer(many=True)
    lag = serializers.IntegerField(allow_null=True)
    max_time_lag_ms = serializers.IntegerField(allow_null=True)


class ResetOffsetsRequestSerializer(serializers.Serializer):
    topic = serializers.CharField()
    partitions = serializers.ListField(child=serializers.IntegerField(min_value=0), required=False, allow_null=True,
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


class ResetOffsetsResultSerializer(serializers.Serializer):
    group_id = serializers.CharField()
    topic = serializers.CharField()
    to = serializers.CharField()
    value = serializers.JSONField(allow_null=True)
    dry_run = serializers.BooleanField()
    applied = serializers.BooleanField()
    partitions = ResetRowSerializer(many=True, source="rows")


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
