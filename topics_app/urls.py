from django.urls import path

from topics_app.views import clusters

app_name = "topics_app"

urlpatterns = [
    path("", clusters.cluster_list, name="cluster-list"),
    path("clusters/<slug:cluster>/", clusters.cluster_overview, name="cluster-overview"),
]
