"""Reads of the organization domain: querysets with the joins their pages need.

Each selector decides its joins once, so a page or an endpoint that lists its rows runs a
fixed number of queries whatever the number of rows.
"""

import uuid
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from organizations.hashing import token_hash
from organizations.models import (
    AuditEvent,
    Invitation,
    InvitationStatus,
    Membership,
    Organization,
    Team,
    TeamMembership,
)
from organizations.roles import OrganizationRole
from orgsite.errors import NotFound

ERR_ORGANIZATION_NOT_FOUND = _("Organization not found.")
ERR_LINK_INVALID = _("This invitation link is not valid. Ask for a new invitation.")


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
        if _is_uuid(organization_id)
        else None
    )
    if organization is None:
        raise NotFound(ERR_ORGANIZATION_NOT_FOUND)
    return organization


def _is_uuid(value: Any) -> bool:
    if isinstance(value, uuid.UUID):
        return True
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def invitation_by_token(token: str) -> Invitation:
    """The invitation a link's token names, whatever its status, or NotFound."""
    invitation = (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(token_hash=token_hash(token or ""))
        .first()
    )
    if invitation is None:
        raise NotFound(ERR_LINK_INVALID)
    return invitation


def organization_members(organization: Organization) -> QuerySet[Membership]:
    """Members with their user and, as ``organization_team_memberships``, their teams in
    this organization (two queries)."""
    team_memberships = TeamMembership.objects.filter(
        team__organization=organization
    ).select_related("team")
    return (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "user__team_memberships",
                queryset=team_memberships.order_by("team__name"),
                to_attr="organization_team_memberships",
            )
        )
        .order_by("user__name", "user__email")
    )


def organization_invitations(
    organization: Organization, *, statuses: list[str] | None = None
) -> QuerySet[Invitation]:
    """Invitations with ``display_status`` (pending, expired, accepted, revoked), their
    teams and inviter (two queries). By default: pending and expired ones."""
    statuses = statuses or [InvitationStatus.PENDING, InvitationStatus.EXPIRED]
    return (
        Invitation.objects.filter(organization=organization)
        .with_display_status()
        .filter(display_status__in=statuses)
        .select_related("invited_by")
        .prefetch_related(Prefetch("teams", queryset=Team.objects.order_by("name")))
        .order_by("-sent_at")
    )


def organization_teams(organization: Organization) -> QuerySet[Team]:
    """Teams with ``member_count`` (one query)."""
    return (
        Team.objects.filter(organization=organization)
        .annotate(member_count=Count("memberships"))
        .order_by("name")
    )


def team_members(team: Team) -> QuerySet[TeamMembership]:
    return team.memberships.select_related("user").order_by("user__name", "user__email")


def organization_audit_events(organization: Organization) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(organization=organization).select_related(
        "actor", "target_user"
    )


def effective_locale(user: User | None, organization: Organization | None = None) -> str:
    """The language a user sees: their own, else their (active) organization's, else the
    site's default."""
    if user is not None and getattr(user, "locale", ""):
        return user.locale
    organization = organization or getattr(user, "active_organization", None)
    if organization is not None and organization.locale:
        return organization.locale
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


def organization_seats_taken(organization: Organization) -> int:
    """Members plus pending, still valid invitations: what the plan's seat limit counts."""
    return (
        Membership.objects.filter(organization=organization).count()
        + Invitation.objects.filter(organization=organization).pending().count()
    )


def team_candidates(team: Team) -> QuerySet[Membership]:
    """Members of the team's organization who are not in the team yet (one query)."""
    return (
        Membership.objects.filter(organization_id=team.organization_id)
        .exclude(user__team_memberships__team=team)
        .select_related("user")
        .order_by("user__name", "user__email")
    )


def ownership_candidates(organization: Organization) -> QuerySet[Membership]:
    """Members who may receive ownership: every accepted member but the owner (one query)."""
    return (
        Membership.objects.filter(organization=organization)
        .exclude(role=OrganizationRole.OWNER)
        .select_related("user")
        .order_by("user__name", "user__email")
    )
