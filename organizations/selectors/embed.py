"""Reads of embedding: what an embed pair may read, and a parent organization's
suborganizations and end users (each list one query, whatever its length)."""

from typing import Any

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from common.errors import NotFound, PermissionDenied
from common.ids import parse_uuid
from organizations.models import (
    EmbedAuthorization,
    EmbedGrant,
    EndUser,
    Membership,
    Organization,
    Securable,
    Suborganization,
)
from organizations.roles import ERR_NOT_ALLOWED, Capability, organization_role_has
from organizations.selectors.organizations import ERR_ORGANIZATION_NOT_FOUND

ERR_SUBORGANIZATION_NOT_FOUND = _("Suborganization not found.")


def organization_for_embedding(*, user: User, organization_id: Any) -> Organization:
    """The organization, if the user may see its suborganizations and end users (one
    query): not a member, NotFound; a member whose role may not, PermissionDenied."""
    organization_id = parse_uuid(organization_id)
    membership = (
        Membership.objects.filter(user=user, organization_id=organization_id)
        .select_related("organization")
        .first()
        if organization_id is not None
        else None
    )
    if membership is None:
        raise NotFound(ERR_ORGANIZATION_NOT_FOUND)
    if not organization_role_has(membership.role, Capability.MANAGE_EMBEDDING):
        raise PermissionDenied(ERR_NOT_ALLOWED)
    return membership.organization


def suborganization_of(organization: Organization, suborganization_id: Any) -> Suborganization:
    """One of the organization's suborganizations (by its organization's id), or NotFound."""
    suborganization_id = parse_uuid(suborganization_id)
    suborganization = (
        suborganizations_of(organization).filter(pk=suborganization_id).first()
        if suborganization_id is not None
        else None
    )
    if suborganization is None:
        raise NotFound(ERR_SUBORGANIZATION_NOT_FOUND)
    return suborganization


def securables_granted_by(authorization: EmbedAuthorization) -> QuerySet[Securable]:
    """Exactly the securables the embed pair grants, each with ``access_level`` the level
    granted (not the end user's access elsewhere: they have none)."""
    granted = EmbedGrant.objects.filter(authorization=authorization, securable=OuterRef("pk"))
    return (
        Securable.objects.filter(embed_grants__authorization=authorization)
        .annotate(access_level=Subquery(granted.values("level")[:1]))
        .select_related("organization", "owner")
        .order_by("-updated_at", "id")
    )


def _usable_authorizations() -> Q:
    return Q(
        authorizations__revoked_at__isnull=True,
        authorizations__expires_at__gt=timezone.now(),
    )


def suborganizations_of(organization: Organization) -> QuerySet[Suborganization]:
    """The organization's suborganizations, with ``end_user_count`` and ``last_used_at``
    (the latest use of any of their end users' pairs)."""
    return (
        Suborganization.objects.filter(parent=organization)
        .annotate(end_user_count=Count("end_users"), last_used_at=Max("end_users__last_used_at"))
        .select_related("organization")
        .order_by("name")
    )


def end_users_of(
    organization: Organization, *, suborganization: Suborganization | None = None
) -> QuerySet[EndUser]:
    """The organization's end users (optionally of one suborganization), with their
    suborganization, account and ``usable_authorization_count``."""
    end_users = EndUser.objects.filter(parent=organization)
    if suborganization is not None:
        end_users = end_users.filter(suborganization=suborganization)
    return (
        end_users.annotate(
            usable_authorization_count=Count("authorizations", filter=_usable_authorizations())
        )
        .select_related("user", "suborganization")
        .order_by("suborganization__name", "username")
    )
