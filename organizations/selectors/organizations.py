"""Reads of the organization domain: querysets with the joins their pages need.

Each selector decides its joins once, so a page or an endpoint that lists its rows runs a
fixed number of queries whatever the number of rows.
"""

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from common.errors import NotFound, PermissionDenied
from common.ids import parse_uuid
from common.locales import ui_language
from organizations.models import (
    Membership,
    Organization,
)
from organizations.roles import ERR_NOT_ALLOWED, Capability, organization_role_has

ERR_ORGANIZATION_NOT_FOUND = _("Organization not found.")


def user_memberships(user: User) -> QuerySet[Membership]:
    """The user's organizations with their role in each (one query)."""
    return (
        Membership.objects.filter(user=user)
        .select_related("organization", "organization__plan")
        .order_by("created_at")
    )


def organization_for_member(*, user: User, organization_id: Any) -> Organization:
    """The organization with this id if the user belongs to it; else NotFound (a 404)."""
    organization = (
        Organization.objects.filter(pk=organization_id, memberships__user=user)
        .select_related("plan")
        .first()
        if parse_uuid(organization_id) is not None
        else None
    )
    if organization is None:
        raise NotFound(ERR_ORGANIZATION_NOT_FOUND)
    return organization


def effective_locale(user: User | None, organization: Organization | None = None) -> str:
    """The language a user sees: their own locale, else their (active) organization's, else
    the site's default; a stored locale the UI doesn't speak (Luzmo's catalogue is wider
    than its three languages) shows in the site's default, English."""
    if user is not None and getattr(user, "locale", ""):
        return ui_language(user.locale)
    organization = organization or getattr(user, "active_organization", None)
    if organization is not None and organization.locale:
        return ui_language(organization.locale)
    return settings.LANGUAGE_CODE


def effective_country(user: User, organization: Organization | None = None) -> str:
    """The user's country: their own, else their (active) organization's, else none."""
    if user.country:
        return user.country.code
    organization = organization or user.active_organization
    if organization is not None and organization.country:
        return organization.country.code
    return ""


def active_membership(user: User) -> Membership | None:
    """The user's membership in their active organization, with the organization and its
    plan (one query); None when the user belongs to no organization."""
    if user.active_organization_id is None:
        return None
    return user_memberships(user).filter(organization_id=user.active_organization_id).first()


def organization_for_capability(
    *, user: User, organization_id: Any, capability: Capability
) -> Organization:
    """The organization with its plan, if the user belongs to it (else NotFound) and their
    role grants ``capability`` (else PermissionDenied), in one query."""
    membership = (
        Membership.objects.filter(user=user, organization_id=organization_id)
        .select_related("organization__plan")
        .first()
        if parse_uuid(organization_id) is not None
        else None
    )
    if membership is None:
        raise NotFound(ERR_ORGANIZATION_NOT_FOUND)
    if not organization_role_has(membership.role, capability):
        raise PermissionDenied(ERR_NOT_ALLOWED)
    return membership.organization
