from django.contrib import admin
from django.urls import include, path

from organizations.views import sections as organization_sections
from organizations.views.media import media_file
from orgsite import readiness

urlpatterns = [
    path("admin/", admin.site.urls),
    # Readiness (database, cache, broker); liveness is /api/v1/health/.
    path("health/ready", readiness.ready, name="readiness"),
    # Uploaded images, by every instance, whatever DEBUG says (organizations.storage).
    path("media/<path:name>", media_file, name="media"),
    path("api/v1/", include("orgsite.api_urls")),
    path("", include("orgsite.coreapi.urls")),
    path("", include("organizations.urls")),
    path("", include("plugins.urls")),
    path("", include("accounts.urls")),
    path("", organization_sections.home, name="home"),
]
