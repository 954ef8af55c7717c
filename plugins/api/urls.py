from django.urls import path

from plugins.api import views

urlpatterns = [
    path(
        "plugins/",
        views.PluginViewSet.as_view({"get": "list", "post": "create"}),
        name="plugin-list",
    ),
    path(
        "plugins/<uuid:plugin_id>/",
        views.PluginViewSet.as_view(
            {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
        ),
        name="plugin-detail",
    ),
    path(
        "organizations/<uuid:organization_id>/plugins/",
        views.OrganizationPluginViewSet.as_view({"get": "list", "post": "create"}),
        name="organization-plugin-list",
    ),
    path(
        "organizations/<uuid:organization_id>/plugins/<uuid:plugin_id>/",
        views.OrganizationPluginViewSet.as_view({"delete": "destroy"}),
        name="organization-plugin-detail",
    ),
]
