"""Reads of the organization domain: querysets with the joins their pages need.

Each selector decides its joins once, so a page or an endpoint that lists its rows runs a
fixed number of queries whatever the number of rows.
"""

from django.db.models import Case, Count, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from organizations.models import (
    Membership,
    Organization,
    Team,
    TeamMembership,
)
from organizations.models.team import DEFAULT_TEAM_NAME
from organizations.selectors.members import DEFAULT_MEMBER_ORDER, MEMBER_ORDERS

# Up to this many teams, a form lists every team of the organization (checkboxes, a select);
# beyond, it takes typed team names with this many suggestions: a page's size and cost must
# not grow with the number of teams (issue 11).
TEAMS_LISTED = 20


def organization_teams(organization: Organization) -> QuerySet[Team]:
    """Teams by name with ``member_count`` (one query). The count is a correlated subquery,
    not a GROUP BY over a join: a page of the list counts the members of its own teams
    only (each from the team membership table's index), not those of every team."""
    member_count = (
        TeamMembership.objects.filter(team=OuterRef("pk"))
        .order_by()
        .values("team")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        Team.objects.filter(organization=organization)
        .annotate(member_count=Coalesce(Subquery(member_count), 0))
        .order_by("name", "id")
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


def organization_team_choices(
    organization: Organization, *, limit: int = TEAMS_LISTED
) -> list[Team]:
    """At most ``limit + 1`` teams to choose from in a form or a filter (one more than
    ``limit`` says there are too many to list), by name, the default team among them when
    it exists (a form's initial choice): one query, without counting members."""
    default_first = Case(When(name=DEFAULT_TEAM_NAME, then=Value(0)), default=Value(1))
    teams = Team.objects.filter(organization=organization).order_by(default_first, "name")
    return sorted(teams[: limit + 1], key=lambda team: (team.name.casefold(), team.name))
