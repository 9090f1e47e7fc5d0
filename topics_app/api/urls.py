from django.urls import path

from topics_app.api import clusters, groups

urlpatterns = [
    path("clusters/", clusters.cluster_list, name="api-cluster-list"),
    path("clusters/<slug:cluster>/", clusters.cluster_detail, name="api-cluster-detail"),
    path("clusters/<slug:cluster>/consumer-groups/", groups.group_list, name="api-group-list"),
    # Group ids may contain slashes, so the longer routes come first.
    path("clusters/<slug:cluster>/consumer-groups/<path:group>/reset-offsets/", groups.reset_offsets,
         name="api-group-reset-offsets"),
    path("clusters/<slug:cluster>/consumer-groups/<path:group>/lag-history/", groups.lag_history_view,
         name="api-group-lag-history"),
    path("clusters/<slug:cluster>/consumer-groups/<path:group>/", groups.group_detail, name="api-group-detail"),
]
