from django.shortcuts import get_object_or_404

from topics_app import errors
from topics_app.models import Cluster
from topics_app.roles import VIEWER, role_required
from topics_app.services import clusters
from topics_app.views.pages import kafka_error_page, page


@role_required(VIEWER)
def cluster_list(request):
    Cluster.ensure_default()
    return page(request, "topics_app/cluster_list.html", "Clusters", clusters=Cluster.objects.all())


@role_required(VIEWER)
def cluster_overview(request, cluster):
    cluster = get_object_or_404(Cluster, name=cluster)
    try:
        overview = clusters.describe_cluster(cluster)
    except errors.ServiceError as error:
        return kafka_error_page(request, cluster, error, f"Cluster {cluster.name}")
    return page(request, "topics_app/cluster_overview.html", f"Cluster {cluster.name}", cluster=cluster,
                overview=overview, nav="overview")
