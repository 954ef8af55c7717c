"""Thumbnails: images uploaded through the Core API before they become a logo or an icon."""

import io

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from common.errors import PermissionDenied
from common.images import logo_process
from organizations.models import Organization, Thumbnail
from organizations.roles import Capability, organization_role_has
from organizations.services.access import membership_of

ERR_THUMBNAIL_NOT_YOURS = _(
    "Only who uploaded this thumbnail, or the organization's owner and admins, may delete it."
)


@transaction.atomic
def thumbnail_create(*, acting_user: User, organization: Organization, image: bytes) -> Thumbnail:
    """Stores an image for later use in the organization (any member may upload), checked
    and re-encoded exactly like a logo upload: PNG, JPEG or WebP, at most 2 MB and
    4096 by 4096 pixels, stored as a PNG thumbnail."""
    membership_of(acting_user, organization)
    processed = logo_process(io.BytesIO(image))
    thumbnail = Thumbnail(organization=organization, created_by=acting_user)
    thumbnail.image.save(processed.name, processed, save=False)
    thumbnail.save()
    return thumbnail


@transaction.atomic
def thumbnail_delete(*, acting_user: User, thumbnail: Thumbnail) -> None:
    """Deletes a thumbnail (its uploader, or the organization's owner and admins). Logos and
    icons made from it keep their own copy."""
    membership = membership_of(acting_user, thumbnail.organization)
    if thumbnail.created_by_id != acting_user.pk and not organization_role_has(
        membership.role, Capability.EDIT_SETTINGS
    ):
        raise PermissionDenied(ERR_THUMBNAIL_NOT_YOURS)
    name, storage = thumbnail.image.name, thumbnail.image.storage
    thumbnail.delete()
    transaction.on_commit(lambda: storage.delete(name))
