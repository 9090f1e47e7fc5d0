from topics_app.models import Cluster
from topics_app.roles import VIEWER, role_required
from topics_app.services import clusters, health
from topics_app.views.pages import cluster_page, page


@role_required(VIEWER)
def cluster_list(request):
    Cluster.ensure_default()
    return page(request, "topics_app/cluster_list.html", "Clusters", clusters=Cluster.objects.all())


@cluster_page(VIEWER, "Cluster {cluster.name}")
def cluster_overview(request, cluster):
    overview = clusters.describe_cluster(cluster)
    return page(request, "topics_app/cluster_overview.html", f"Cluster {cluster.name}", cluster=cluster,
                overview=overview, nav="overview", health_kinds=health.KINDS)
