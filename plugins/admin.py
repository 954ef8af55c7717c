"""The operators' admin for plugins: read-only.

Plugins belong to their creators, who change them through ``plugins.services``; members
associate them with their organizations. Operators look and search here. The secret is
never shown: only the creator sees it.
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from common.admin import ReadOnlyAdminMixin
from common.localized import SUPPORTED_LANGUAGES
from plugins.models import Plugin, PluginOrganization


class PluginOrganizationInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = PluginOrganization
    fields = ("organization", "associated_by", "created_at")
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization", "associated_by")


@admin.register(Plugin)
class PluginAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "slug",
        "display_name",
        "authorize",
        "creator",
        "organization_count",
        "created_at",
    )
    list_select_related = ("creator",)
    list_filter = ("authorize", "created_at")
    search_fields = (
        "slug",
        *(f"name__{language}" for language in SUPPORTED_LANGUAGES),
        "creator__email",
        "base_url",
    )
    fields = (
        "slug",
        "name",
        "description",
        "base_url",
        "url",
        "authorize",
        "color",
        "creator",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
    inlines = (PluginOrganizationInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(organization_count=Count("associations"))

    @admin.display(description=_("name"))
    def display_name(self, plugin: Plugin) -> str:
        return plugin.display_name

    @admin.display(description=_("organizations"), ordering="organization_count")
    def organization_count(self, plugin: Plugin) -> int:
        return plugin.organization_count


@admin.register(PluginOrganization)
class PluginOrganizationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("plugin", "organization", "associated_by", "created_at")
    list_select_related = ("plugin", "organization", "associated_by")
    search_fields = ("plugin__slug", "organization__slug", "associated_by__email")
    fields = list_display
