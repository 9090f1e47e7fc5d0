from django.urls import path

from topics_app.api import clusters

urlpatterns = [
    path("clusters/", clusters.cluster_list, name="api-cluster-list"),
    path("clusters/<slug:cluster>/", clusters.cluster_detail, name="api-cluster-detail"),
]
