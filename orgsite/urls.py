from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from organizations.views import sections as organization_sections

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("orgsite.api_urls")),
    path("", include("orgsite.coreapi.urls")),
    path("", include("organizations.urls")),
    path("", include("plugins.urls")),
    path("", include("accounts.urls")),
    path("", organization_sections.home, name="home"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
