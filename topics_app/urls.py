from django.urls import path

from topics_app.views import brokers, clusters, groups, operations, topics, transactions

app_name = "topics_app"

urlpatterns = [
    path("", clusters.cluster_list, name="cluster-list"),
    path("clusters/<slug:cluster>/", clusters.cluster_overview, name="cluster-overview"),
    path("clusters/<slug:cluster>/brokers/", brokers.broker_list, name="broker-list"),
    path("clusters/<slug:cluster>/brokers/<str:broker>/", brokers.broker_detail, name="broker-detail"),
    path("clusters/<slug:cluster>/brokers/<str:broker>/configs/", brokers.broker_configs, name="broker-configs"),
    path("clusters/<slug:cluster>/topics/", topics.topic_list, name="topic-list"),
    path("clusters/<slug:cluster>/topics/+new/", topics.topic_create, name="topic-create"),
    path("clusters/<slug:cluster>/topics/<str:topic>/", topics.topic_detail, name="topic-detail"),
    path("clusters/<slug:cluster>/topics/<str:topic>/configs/", topics.topic_configs, name="topic-configs"),
    path("clusters/<slug:cluster>/topics/<str:topic>/partitions/", topics.topic_partitions, name="topic-partitions"),
    path("clusters/<slug:cluster>/topics/<str:topic>/consumer-groups/", topics.topic_groups, name="topic-groups"),
    path("clusters/<slug:cluster>/topics/<str:topic>/purge/", topics.topic_purge, name="topic-purge"),
    path("clusters/<slug:cluster>/topics/<str:topic>/delete/", topics.topic_delete, name="topic-delete"),
    path("clusters/<slug:cluster>/topics/<str:topic>/elect-leaders/", operations.elect_leaders,
         name="topic-elect-leaders"),
    path("clusters/<slug:cluster>/topics/<str:topic>/reassign/", operations.reassign_topic, name="topic-reassign"),
    path("clusters/<slug:cluster>/reassignments/", operations.reassignments, name="reassignments"),
    path("clusters/<slug:cluster>/transactions/", transactions.transaction_list, name="transaction-list"),
    path("clusters/<slug:cluster>/transactions/abort/", transactions.transaction_abort, name="transaction-abort"),
    path("clusters/<slug:cluster>/topics/<str:topic>/producers/", transactions.topic_producers,
         name="topic-producers"),
    path("clusters/<slug:cluster>/consumer-groups/", groups.group_list, name="group-list"),
    # Group ids may contain slashes, so the longer routes come first.
    path("clusters/<slug:cluster>/consumer-groups/<path:group>/reset-offsets/", groups.reset_offsets,
         name="group-reset-offsets"),
    path("clusters/<slug:cluster>/consumer-groups/<path:group>/delete/", groups.delete_group, name="group-delete"),
    path("clusters/<slug:cluster>/consumer-groups/<path:group>/", groups.group_detail, name="group-detail"),
]
