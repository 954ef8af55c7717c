"""The Core API's routes: ``/0.1.0/<resource>``, without a trailing slash (a redirect turns
the SDKs' POST into a GET); anything else under ``/0.1.0/`` answers a JSON 404, so that
APPEND_SLASH never redirects there."""

from django.urls import re_path

from orgsite.coreapi.dispatch import core_api, core_api_unknown

urlpatterns = [
    re_path(r"^0\.1\.0/(?P<resource>[a-z]+)$", core_api, name="core_api"),
    re_path(r"^0\.1\.0/(?P<path>.*)$", core_api_unknown),
]
