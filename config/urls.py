from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

admin.site.site_header = "Strom"
admin.site.site_title = "Strom"
admin.site.index_title = "Administration"
admin.site.site_url = "/"

urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/v1/", include("topics_app.api.urls")),
    path("api/v1/", include("streams_app.api_urls")),
    path("admin/", admin.site.urls),
    path("", include("streams_app.urls")),
    path("", include("topics_app.urls")),
]
