from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from topics_app.views import accounts

admin.site.site_header = "Strom"
admin.site.site_title = "Strom"
admin.site.index_title = "Administration"
admin.site.site_url = "/"

# Every role logs in here; the admin's own login admits staff only, and viewers are not staff.
login_view = auth_views.LoginView.as_view(
    template_name="admin/login.html",
    extra_context={"site_header": admin.site.site_header, "site_title": admin.site.site_title, "title": "Log in"},
)

urlpatterns = [
    path("accounts/login/", login_view, name="login"),
    # Back to Strom's login, not the admin's "logged out" page, whose "log in again" admits staff only.
    path("accounts/logout/", auth_views.LogoutView.as_view(next_page="login"), name="logout"),
    path("accounts/password/", accounts.password_change, name="password-change"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/v1/", include("topics_app.api.urls")),
    path("api/v1/", include("streams_app.api.urls")),
    path("api/v1/", include("connect_app.api_urls")),
    path("api/v1/", include("alerts_app.api_urls")),
    path("admin/", admin.site.urls),
    path("", include("streams_app.urls")),
    path("", include("topics_app.urls")),
    path("", include("connect_app.urls")),
    path("", include("alerts_app.urls")),
]
