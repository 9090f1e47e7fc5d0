from django.urls import path

from topics_app.api import views

urlpatterns = [
    path("clusters/", views.cluster_list, name="api-cluster-list"),
    path("clusters/<slug:cluster>/", views.cluster_detail, name="api-cluster-detail"),
]
