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
