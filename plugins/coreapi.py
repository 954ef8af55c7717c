"""Core API resource ``plugin``, and its associations with organizations and thumbnails.

A plugin is visible to its creator and to the members of the organizations it is
associated with; only its creator sees its secret (``plugins.selectors``).
"""

from typing import Any

from django.db.models import QuerySet

from common.coreapi.body import UNSET, localized_property, object_property, text_property
from common.coreapi.find import UUID, Field, Include, Listing, run_find
from common.coreapi.resources import Link, Resource
from organizations.coreapi.answers import organization_answer
from organizations.coreapi.links import thumbnail_file
from organizations.coreapi.listings import ORGANIZATION_LISTING_BASE, TIMESTAMPS
from organizations.coreapi.scope import organization_of_caller, thumbnail_of_caller
from organizations.models import Membership
from plugins.models import Plugin, PluginAuthorization, PluginOrganization
from plugins.selectors import plugin_for_user, plugins_visible_to
from plugins.services import (
    plugin_associate,
    plugin_create,
    plugin_delete,
    plugin_dissociate,
    plugin_update,
)


def plugin_answer(plugin: Plugin, context) -> dict[str, Any]:
    """A plugin; ``secret`` only for its creator (null for everyone else)."""
    is_mine = plugin.creator_id == context.user.pk
    return {
        "id": plugin.pk,
        "slug": plugin.slug,
        "name": plugin.name,
        "description": plugin.description,
        "base_url": plugin.base_url,
        "url": plugin.url or None,
        "authorize": plugin.authorize,
        "color": plugin.color or None,
        "secret": plugin.secret if is_mine else None,
        "thumbnail": context.absolute_url(plugin.icon.url) if plugin.icon else None,
        "created_at": plugin.created_at,
        "updated_at": plugin.updated_at,
    }


def _associations_seen(context) -> QuerySet[PluginOrganization]:
    """Plugin-organization links of the caller's organizations."""
    return PluginOrganization.objects.filter(
        organization__in=Membership.objects.filter(user=context.user).values("organization_id")
    ).select_related("organization__plan")


PLUGIN_LISTING = Listing(
    fields={
        "id": Field("id", UUID),
        "slug": Field("slug"),
        "base_url": Field("base_url"),
        "url": Field("url", blank_is_null=True),
        "authorize": Field("authorize"),
        "color": Field("color", blank_is_null=True),
        **TIMESTAMPS,
    },
    attributes=(
        "id",
        "slug",
        "name",
        "description",
        "base_url",
        "url",
        "authorize",
        "color",
        "secret",
        "thumbnail",
        "created_at",
        "updated_at",
    ),
    answer=plugin_answer,
    ordering=("slug",),
    includes=(
        Include(
            model="Organization",
            key="organizations",
            listing=ORGANIZATION_LISTING_BASE,
            links=_associations_seen,
            parent="plugin_id",
            child="organization",
            answer=lambda association, context: organization_answer(
                association.organization, context
            ),
        ),
    ),
)

EDITABLE = {
    "slug": text_property,
    "name": localized_property,
    "description": object_property,
    "base_url": text_property,
    "url": text_property,
    "authorize": text_property,
    "color": text_property,
}


class PluginResource(Resource):
    name = "plugin"

    def get(self, context, find):
        return run_find(find, PLUGIN_LISTING, plugins_visible_to(context.user), context)

    def create(self, context, properties):
        plugin = plugin_create(
            acting_user=context.user,
            slug=text_property(properties, "slug", default=""),
            name=localized_property(properties, "name", default=None),
            base_url=text_property(properties, "base_url", default=""),
            authorize=text_property(properties, "authorize", default=PluginAuthorization.NONE),
            description=object_property(properties, "description", default=None),
            url=text_property(properties, "url", default=""),
            color=text_property(properties, "color", default=""),
        )
        return plugin_answer(plugin, context)

    def update(self, context, id, properties):
        plugin = plugin_for_user(user=context.user, plugin_id=id)
        changes = {name: read(properties, name) for name, read in EDITABLE.items()}
        plugin = plugin_update(
            acting_user=context.user,
            plugin=plugin,
            **{name: value for name, value in changes.items() if value is not UNSET},
        )
        return plugin_answer(plugin, context)

    def delete(self, context, id, properties):
        plugin_delete(
            acting_user=context.user, plugin=plugin_for_user(user=context.user, plugin_id=id)
        )


def _associate_plugin_organization(context, ids, properties):
    plugin_associate(
        acting_user=context.user,
        plugin=plugin_for_user(user=context.user, plugin_id=ids["plugin"]),
        organization=organization_of_caller(context, ids["organization"]),
    )


def _dissociate_plugin_organization(context, ids):
    plugin_dissociate(
        acting_user=context.user,
        plugin=plugin_for_user(user=context.user, plugin_id=ids["plugin"]),
        organization=organization_of_caller(context, ids["organization"]),
    )


def _associate_plugin_thumbnail(context, ids, properties):
    plugin = plugin_for_user(user=context.user, plugin_id=ids["plugin"])
    thumbnail = thumbnail_of_caller(context, ids["thumbnail"])
    plugin_update(acting_user=context.user, plugin=plugin, icon=thumbnail_file(thumbnail))


def _dissociate_plugin_thumbnail(context, ids):
    plugin = plugin_for_user(user=context.user, plugin_id=ids["plugin"])
    thumbnail_of_caller(context, ids["thumbnail"])
    plugin_update(acting_user=context.user, plugin=plugin, icon=None)


RESOURCES = (PluginResource(),)

LINKS = (
    Link(
        ("plugin", "organization"), _associate_plugin_organization, _dissociate_plugin_organization
    ),
    Link(
        ("plugin", "thumbnail"),
        _associate_plugin_thumbnail,
        _dissociate_plugin_thumbnail,
        {"logo": "thumbnail"},
    ),
)
