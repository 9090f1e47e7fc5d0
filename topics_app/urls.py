from django.urls import path

from topics_app.views import clusters, groups

app_name = "topics_app"

urlpatterns = [
    path("", clusters.cluster_list, name="cluster-list"),
    path("clusters/<slug:cluster>/", clusters.cluster_overview, name="cluster-overview"),
    path("clusters/<slug:cluster>/consumer-groups/", groups.group_list, name="group-list"),
    # Group ids may contain slashes, so the longer routes come first.
    path("clusters/<slug:cluster>/consumer-groups/<path:group>/reset-offsets/", groups.reset_offsets,
         name="group-reset-offsets"),
    path("clusters/<slug:cluster>/consumer-groups/<path:group>/delete/", groups.delete_group, name="group-delete"),
    path("clusters/<slug:cluster>/consumer-groups/<path:group>/", groups.group_detail, name="group-detail"),
]
