"""Admin-style pages over the cluster services."""
from django.contrib import admin
from django.shortcuts import get_object_or_404, render

from topics_app import kafka_clients
from topics_app.models import Cluster
from topics_app.roles import VIEWER, role_required
from topics_app.services import clusters


def page(request, template, title, cluster=None, status=200, **context):
    """Render an admin-style page with the admin's header and the cluster navigation."""
    context = {**admin.site.each_context(request), "title": title, "cluster": cluster, **context}
    return render(request, template, context, status=status)


def unreachable_page(request, cluster, error, title):
    return page(request, "topics_app/unreachable.html", title, cluster=cluster, status=error.status, error=error)


@role_required(VIEWER)
def cluster_list(request):
    Cluster.ensure_default()
    return page(request, "topics_app/cluster_list.html", "Clusters", clusters=Cluster.objects.all())


@role_required(VIEWER)
def cluster_overview(request, cluster):
    cluster = get_object_or_404(Cluster, name=cluster)
    try:
        overview = clusters.describe_cluster(cluster)
    except kafka_clients.KafkaServiceError as error:
        return unreachable_page(request, cluster, error, f"Cluster {cluster.name}")
    return page(request, "topics_app/cluster_overview.html", f"Cluster {cluster.name}", cluster=cluster,
                overview=overview)
