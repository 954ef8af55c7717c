"""Reads of the organization domain: querysets with the joins their pages need.

Each selector decides its joins once, so a page or an endpoint that lists its rows runs a
fixed number of queries whatever the number of rows.
"""

from django.db.models import Count, QuerySet

from organizations.models import (
    Membership,
    Organization,
    Team,
    TeamMembership,
)
from organizations.selectors.members import DEFAULT_MEMBER_ORDER, MEMBER_ORDERS


def organization_teams(organization: Organization) -> QuerySet[Team]:
    """Teams with ``member_count`` (one query)."""
    return (
        Team.objects.filter(organization=organization)
        .annotate(member_count=Count("memberships"))
        .order_by("name")
    )


def team_members(team: Team) -> QuerySet[TeamMembership]:
    return team.memberships.select_related("user").order_by("user__name", "user__email")


def team_candidates(team: Team) -> QuerySet[Membership]:
    """Members of the team's organization who are not in the team yet (one query)."""
    return (
        Membership.objects.filter(organization_id=team.organization_id)
        .exclude(user__team_memberships__team=team)
        .select_related("user")
        .order_by(*MEMBER_ORDERS[DEFAULT_MEMBER_ORDER])
    )


def organization_team_choices(organization: Organization) -> QuerySet[Team]:
    """The teams to choose from in a form or a filter, by name, without counting their
    members (one query, whatever the organization's size)."""
    return Team.objects.filter(organization=organization).order_by("name")
