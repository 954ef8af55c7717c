"""Reads of the organization domain: querysets with the joins their pages need.

Each selector decides its joins once, so a page or an endpoint that lists its rows runs a
fixed number of queries whatever the number of rows.
"""

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from organizations.models import (
    Invitation,
    Membership,
    Organization,
    TeamMembership,
)
from organizations.roles import OrganizationRole


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


def organization_membership(organization: Organization, user: User) -> Membership | None:
    """The user's membership of the organization, with both (one query), or None."""
    return (
        Membership.objects.filter(organization=organization, user=user)
        .select_related("organization", "user")
        .first()
    )


def organization_deciding_rights_over(*, acting_user: User, user: User) -> Organization | None:
    """The organization where the acting user's rights over another user are decided: the
    acting user's active one if the user is a member there, else the oldest one they share
    (by the user's membership); None when they share none (one query)."""
    shared = list(
        Membership.objects.filter(
            user=user,
            organization__in=Membership.objects.filter(user=acting_user).values("organization_id"),
        )
        .select_related("organization")
        .order_by("created_at")
    )
    return next(
        (
            membership.organization
            for membership in shared
            if membership.organization_id == acting_user.active_organization_id
        ),
        shared[0].organization if shared else None,
    )


def organization_seats_taken(organization: Organization) -> int:
    """Members plus pending, still valid invitations: what the plan's seat limit counts."""
    return (
        Membership.objects.filter(organization=organization).count()
        + Invitation.objects.filter(organization=organization).pending().count()
    )


def ownership_candidates(organization: Organization) -> QuerySet[Membership]:
    """Members who may receive ownership: every accepted member but the owner (one query)."""
    return (
        Membership.objects.filter(organization=organization)
        .exclude(role=OrganizationRole.OWNER)
        .select_related("user")
        .order_by("user__name", "user__email")
    )
