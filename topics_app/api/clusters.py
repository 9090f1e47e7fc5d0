from dataclasses import asdict

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.response import Response

from topics_app.api import serializers
from topics_app.api.decorators import cluster_api
from topics_app.models import Cluster
from topics_app.services import clusters


@extend_schema(responses=serializers.ClusterSummarySerializer(many=True))
@api_view(["GET"])
def cluster_list(request):
    Cluster.ensure_default()
    data = []
    for cluster in Cluster.objects.all():
        error = clusters.connection_error(cluster)
        summary = {"name": cluster.name, "bootstrap_servers": cluster.bootstrap_servers, "reachable": not error}
        if error:
            summary["error"] = error
        data.append(summary)
    return Response(serializers.ClusterSummarySerializer(data, many=True).data)


@extend_schema(responses=serializers.ClusterOverviewSerializer)
@api_view(["GET"])
@cluster_api
def cluster_detail(request, cluster):
    overview = clusters.describe_cluster(cluster)
    data = {"name": cluster.name, "bootstrap_servers": cluster.bootstrap_servers, **asdict(overview)}
    return Response(serializers.ClusterOverviewSerializer(data).data)
