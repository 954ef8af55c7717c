"""The REST API, mounted at /api/v1/: the apps' endpoints, the OpenAPI schema and its
interactive docs (assets served locally by drf-spectacular-sidecar)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from organizations.api import me
from orgsite.api.views import HealthView

app_name = "api"

urlpatterns = [
    path("health/", HealthView.as_view(), name="health"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    # The caller: an organizations module, as it shows the active organization.
    path("me/", me.MeView.as_view(), name="me"),
    path(
        "me/active-organization/",
        me.ActiveOrganizationView.as_view(),
        name="me-active-organization",
    ),
    path("", include("accounts.api.urls")),
    path("", include("organizations.api.urls")),
    path("", include("plugins.api.urls")),
]
