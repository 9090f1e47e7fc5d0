from rest_framework import serializers


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
