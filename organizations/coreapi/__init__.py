"""Core API resources of the organization domain, with their associations.

Scope: reads span every organization the caller belongs to (Luzmo's "your organization" is,
in orgsite, each of them); what a call creates (users, groups, securables, thumbnails) lands
in the caller's active organization. Rules, audit events and tenant isolation are the
services'.
"""

from organizations.coreapi.embed import EmbedAwareAuthorizationResource
from organizations.coreapi.links import LINKS
from organizations.coreapi.resources import (
    CountryResource,
    GroupResource,
    LocaleResource,
    OrganizationResource,
    SecurableResource,
    ThumbnailResource,
    UserResource,
)

RESOURCES = (
    OrganizationResource(),
    UserResource(),
    GroupResource(),
    SecurableResource(),
    ThumbnailResource(),
    LocaleResource(),
    CountryResource(),
    EmbedAwareAuthorizationResource(),
)

__all__ = ["LINKS", "RESOURCES"]
