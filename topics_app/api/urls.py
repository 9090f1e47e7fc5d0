from django.urls import path

from topics_app.api import brokers, clusters, groups, operations, topics, transactions

urlpatterns = [
    path("clusters/", clusters.cluster_list, name="api-cluster-list"),
    path("clusters/<slug:cluster>/", clusters.cluster_detail, name="api-cluster-detail"),
    path("clusters/<slug:cluster>/brokers/", brokers.broker_list, name="api-broker-list"),
    path("clusters/<slug:cluster>/brokers/<str:broker>/", brokers.broker_detail, name="api-broker-detail"),
    path("clusters/<slug:cluster>/brokers/<str:broker>/configs/", brokers.broker_configs, name="api-broker-configs"),
    path("clusters/<slug:cluster>/quorum/", brokers.quorum, name="api-quorum"),
    path("clusters/<slug:cluster>/topics/", topics.topic_collection, name="api-topic-list"),
    path("clusters/<slug:cluster>/topics/<str:topic>/", topics.topic_item, name="api-topic-detail"),
    path("clusters/<slug:cluster>/topics/<str:topic>/configs/", topics.topic_configs, name="api-topic-configs"),
    path("clusters/<slug:cluster>/topics/<str:topic>/partitions/", topics.topic_partitions,
         name="api-topic-partitions"),
    path("clusters/<slug:cluster>/topics/<str:topic>/purge/", topics.topic_purge, name="api-topic-purge"),
    path("clusters/<slug:cluster>/topics/<str:topic>/rate-history/", topics.topic_rate_history,
         name="api-topic-rate-history"),
    path("clusters/<slug:cluster>/topics/<str:topic>/elect-leaders/", operations.elect_leaders,
         name="api-topic-elect-leaders"),
    path("clusters/<slug:cluster>/reassignments/", operations.reassignments, name="api-reassignments"),
    path("clusters/<slug:cluster>/transactions/", transactions.transaction_list, name="api-transaction-list"),
    path("clusters/<slug:cluster>/transactions/hanging/", transactions.hanging_list, name="api-transaction-hanging"),
    path("clusters/<slug:cluster>/transactions/abort/", transactions.transaction_abort, name="api-transaction-abort"),
    path("clusters/<slug:cluster>/topics/<str:topic>/producers/", transactions.topic_producers,
         name="api-topic-producers"),
    path("clusters/<slug:cluster>/consumer-groups/", groups.group_list, name="api-group-list"),
    # Group ids may contain slashes, so the longer routes come first.
    path("clusters/<slug:cluster>/consumer-groups/<path:group>/reset-offsets/", groups.reset_offsets,
         name="api-group-reset-offsets"),
    path("clusters/<slug:cluster>/consumer-groups/<path:group>/rate-history/", groups.rate_history_view,
         name="api-group-rate-history"),
    path("clusters/<slug:cluster>/consumer-groups/<path:group>/lag-history/", groups.lag_history_view,
         name="api-group-lag-history"),
    path("clusters/<slug:cluster>/consumer-groups/<path:group>/", groups.group_detail, name="api-group-detail"),
]
