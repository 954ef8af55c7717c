"""Pages of plugins: the Plugins section of the sidebar, for the active organization."""

from django.urls import path

from plugins import views

PLUGIN = "plugins/<uuid:plugin_id>/"

urlpatterns = [
    path("plugins/", views.plugins, name="plugins"),
    path("plugins/new/", views.plugin_new, name="plugin_new"),
    path(PLUGIN, views.plugin_edit, name="plugin_edit"),
    path(f"{PLUGIN}delete/", views.plugin_delete_view, name="plugin_delete"),
    path(f"{PLUGIN}associate/", views.plugin_associate_view, name="plugin_associate"),
    path(f"{PLUGIN}dissociate/", views.plugin_dissociate_view, name="plugin_dissociate"),
]
