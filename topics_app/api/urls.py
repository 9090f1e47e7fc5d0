from django.urls import path

from topics_app.api import clusters, topics

urlpatterns = [
    path("clusters/", clusters.cluster_list, name="api-cluster-list"),
    path("clusters/<slug:cluster>/", clusters.cluster_detail, name="api-cluster-detail"),
    path("clusters/<slug:cluster>/topics/", topics.topic_collection, name="api-topic-list"),
    path("clusters/<slug:cluster>/topics/<str:topic>/", topics.topic_item, name="api-topic-detail"),
    path("clusters/<slug:cluster>/topics/<str:topic>/configs/", topics.topic_configs, name="api-topic-configs"),
    path("clusters/<slug:cluster>/topics/<str:topic>/partitions/", topics.topic_partitions,
         name="api-topic-partitions"),
    path("clusters/<slug:cluster>/topics/<str:topic>/purge/", topics.topic_purge, name="api-topic-purge"),
]
