"""The REST API's lists run a fixed number of queries, whatever the number of rows.

Each list is measured with 5 and with 50 rows (one page); both counts must equal the pinned
one. The caller is force-authenticated: authentication adds the same query to every request.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.services import api_token_create
from organizations.roles import TeamRole
from organizations.services.invitation import invitation_create
from organizations.services.team import team_create, team_member_add
from organizations.tests.factories import OrganizationFactory, UserFactory, add_member, plan


@pytest.fixture
def enterprise(organization):
    organization.plan = plan("enterprise")
    organization.save(update_fields=["plan"])
    return organization


def grow_members(organization, owner, rows):
    """``rows`` members in all, each in My Team, every other one in a second team too."""
    second = team_create(acting_user=owner, organization=organization, name="Second")
    for number in range(rows - 1):
        user = add_member(organization, UserFactory())
        if number % 2:
            team_member_add(acting_user=owner, team=second, user=user, role=TeamRole.VIEWER)
    return f"/api/v1/organizations/{organization.pk}/members/"


def grow_invitations(organization, owner, rows):
    second = team_create(acting_user=owner, organization=organization, name="Second")
    teams = list(organization.teams.all())
    for number in range(rows):
        invitation_create(
            acting_user=owner,
            organization=organization,
            email=f"invitee{number}@x.test",
            teams=teams if number % 2 else [second],
        )
    return f"/api/v1/organizations/{organization.pk}/invitations/"


def grow_teams(organization, owner, rows):
    member = add_member(organization, UserFactory())
    for number in range(rows - 1):
        team = team_create(acting_user=owner, organization=organization, name=f"Team {number}")
        team_member_add(acting_user=owner, team=team, user=member)
    return f"/api/v1/organizations/{organization.pk}/teams/"


def grow_team_members(organization, owner, rows):
    team = organization.teams.get()
    for _number in range(rows - 1):
        add_member(organization, UserFactory())
    return f"/api/v1/organizations/{organization.pk}/teams/{team.pk}/members/"


def grow_organizations(organization, owner, rows):
    for _number in range(rows - 1):
        OrganizationFactory(owner=owner)
    return "/api/v1/organizations/"


def grow_tokens(organization, owner, rows):
    for number in range(rows):
        api_token_create(acting_user=owner, name=f"script {number}")
    return "/api/v1/tokens/"


LISTS = {
    # list: (how to grow it to a number of rows, the pinned number of queries)
    "members": (grow_members, 4),  # organization, count, page, teams of the page's members
    "invitations": (grow_invitations, 4),  # organization, count, page, teams of the page
    "teams": (grow_teams, 3),  # organization, count, page with member counts
    "team members": (grow_team_members, 4),  # organization, team, count, page
    "organizations": (grow_organizations, 2),  # count, page with plans and roles
    "tokens": (grow_tokens, 2),  # count, page
}


def queries_of(api_as, user, path) -> tuple[int, int]:
    client = api_as(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(queries), response.json()["count"]


@pytest.mark.parametrize("rows", [5, 50])
@pytest.mark.parametrize("name", LISTS)
def test_list_queries_do_not_grow_with_rows(api_as, enterprise, owner, name, rows):
    grow, pinned = LISTS[name]
    path = grow(enterprise, owner, rows)

    queries, count = queries_of(api_as, owner, path)

    assert count == rows
    assert queries == pinned
