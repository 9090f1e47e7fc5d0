from django.urls import path

from topics_app import views

app_name = "topics_app"

urlpatterns = [
    path("", views.cluster_list, name="cluster-list"),
    path("clusters/<slug:cluster>/", views.cluster_overview, name="cluster-overview"),
]
