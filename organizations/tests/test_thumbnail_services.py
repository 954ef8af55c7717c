"""Thumbnails (``services.thumbnail``): uploads checked like logos and kept in the
organization until they become a logo or an icon."""

import base64

import pytest

from common.errors import InvalidInput, NotFound, PermissionDenied
from organizations.models import Thumbnail
from organizations.services.thumbnail import thumbnail_create, thumbnail_delete
from orgsite.tests.coreapi_support import png_base64
from plugins.services import plugin_create, plugin_update


def test_thumbnails_are_checked_and_kept_in_the_organization(
    organization, member, viewer, admin, outsider
):
    image = base64.b64decode(png_base64((300, 300)))
    with pytest.raises(NotFound):
        thumbnail_create(acting_user=outsider, organization=organization, image=image)
    with pytest.raises(InvalidInput):
        thumbnail_create(acting_user=member, organization=organization, image=b"<svg/>")

    thumbnail = thumbnail_create(acting_user=member, organization=organization, image=image)
    assert thumbnail.image.name.startswith("thumbnails/") and thumbnail.image.width == 256
    with pytest.raises(PermissionDenied):
        thumbnail_delete(acting_user=viewer, thumbnail=thumbnail)
    with pytest.raises(NotFound):
        thumbnail_delete(acting_user=outsider, thumbnail=thumbnail)
    thumbnail_delete(acting_user=admin, thumbnail=thumbnail)
    assert not Thumbnail.objects.exists()


def test_a_plugin_icon_is_checked_like_a_logo_and_removable(member, organization):
    plugin = plugin_create(
        acting_user=member,
        slug="icons",
        name={"en": "Icons"},
        base_url="https://plugin.example.com",
    )
    icon = thumbnail_create(
        acting_user=member,
        organization=organization,
        image=base64.b64decode(png_base64()),
    ).image
    plugin = plugin_update(acting_user=member, plugin=plugin, icon=icon.open("rb"))
    assert plugin.icon.name.startswith("plugin_icons/")
    plugin = plugin_update(acting_user=member, plugin=plugin, icon=None)
    assert not plugin.icon
