"""Reads of plugins: which a user may see, and which an organization has."""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from common.errors import NotFound
from common.ids import parse_uuid
from organizations.models import Membership, Organization
from plugins.models import Plugin, PluginOrganization

ERR_PLUGIN_NOT_FOUND = _("Plugin not found.")


def plugins_visible_to(user: User) -> QuerySet[Plugin]:
    """The plugins the user may use (one query): those they created, and those associated
    with any organization they belong to. Each carries ``is_mine``: only then may the
    front doors show its ``secret``."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Plugin.objects.none()
    associated = PluginOrganization.objects.filter(
        plugin=OuterRef("pk"),
        organization__in=Membership.objects.filter(user=user).values("organization_id"),
    )
    return (
        Plugin.objects.annotate(is_mine=Q(creator=user))
        .filter(Q(creator=user) | Exists(associated))
        .select_related("creator")
        .order_by("slug")
    )


def plugins_in_view_of(user: User, *, organization: Organization) -> QuerySet[Plugin]:
    """The Plugins page while ``organization`` is active: the plugins the user may use, each
    with ``is_mine`` and ``is_available`` (associated with ``organization``), in one query."""
    return plugins_visible_to(user).annotate(
        is_available=Exists(
            PluginOrganization.objects.filter(plugin=OuterRef("pk"), organization=organization)
        )
    )


def plugin_for_user(*, user: User, plugin_id: Any) -> Plugin:
    """The plugin if the user may see it; else NotFound (a 404)."""
    plugin = None
    if parse_uuid(plugin_id) is not None:
        plugin = plugins_visible_to(user).filter(pk=plugin_id).first()
    if plugin is None:
        raise NotFound(ERR_PLUGIN_NOT_FOUND)
    return plugin


def plugins_of_organization(organization: Organization) -> QuerySet[Plugin]:
    """The plugins associated with the organization, with their creator (one query).
    Callers check that the acting user is a member first."""
    return (
        Plugin.objects.filter(associations__organization=organization)
        .select_related("creator")
        .order_by("slug")
    )


def organization_plugin_associations(organization: Organization) -> QuerySet[PluginOrganization]:
    """The organization's plugin associations with the plugin and who associated it (one
    query)."""
    return (
        PluginOrganization.objects.filter(organization=organization)
        .select_related("plugin", "associated_by")
        .order_by("plugin__slug")
    )
