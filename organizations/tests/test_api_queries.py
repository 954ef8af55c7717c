"""The REST API's lists run a fixed number of queries, whatever the number of rows.

Each list is measured with 5 and with 50 rows (one page); both counts must equal the pinned
one. The caller is force-authenticated: authentication adds the same query to every request.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.services import api_token_create
from organizations.models import SecurableType
from organizations.roles import TeamRole
from organizations.services.invitation import invitation_create
from organizations.services.securable import (
    securable_create,
    securable_share_with_team,
    securable_share_with_user,
)
from organizations.services.team import team_create, team_member_add
from organizations.tests.factories import OrganizationFactory, UserFactory, add_member, plan
from plugins.services import plugin_associate, plugin_create


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


def _securable(author, organization, name):
    return securable_create(
        acting_user=author, organization=organization, type=SecurableType.DASHBOARD, name=name
    )


def grow_securables(organization, owner, rows):
    """``rows`` securables seen by a member: their own, shared with them, shared with their
    team, and shared with them from another organization."""
    member = add_member(organization, UserFactory())
    team = organization.teams.get()
    partner = UserFactory()
    elsewhere = OrganizationFactory(owner=partner)
    for number in range(rows):
        kind = number % 4
        author = member if kind == 0 else partner if kind == 3 else owner
        securable = _securable(
            author, elsewhere if kind == 3 else organization, {"en": f"Securable {number}"}
        )
        if kind == 1:
            securable_share_with_user(
                acting_user=owner, securable=securable, email=member.email, level="use"
            )
        elif kind == 2:
            securable_share_with_team(acting_user=owner, securable=securable, team=team, level=3)
        elif kind == 3:
            securable_share_with_user(
                acting_user=partner, securable=securable, email=member.email, level="read"
            )
    return member, "/api/v1/securables/"


def grow_securable_shares(organization, owner, rows):
    """A dashboard shared with ``rows - 1`` people and one team."""
    securable = _securable(owner, organization, {"en": "Shared"})
    securable_share_with_team(
        acting_user=owner, securable=securable, team=organization.teams.get(), level="read"
    )
    for _number in range(rows - 1):
        person = UserFactory()
        securable_share_with_user(
            acting_user=owner, securable=securable, email=person.email, level="use"
        )
    return f"/api/v1/securables/{securable.pk}/shares/"


def _plugin(creator, number):
    return plugin_create(
        acting_user=creator,
        slug=f"plugin{number}",
        name={"en": f"Plugin {number}"},
        base_url="https://plugins.example.com/api",
    )


def grow_plugins(organization, owner, rows):
    """The owner's plugins, and those other members made available to the organization."""
    for number in range(rows):
        if number % 2:
            _plugin(owner, number)
        else:
            creator = add_member(organization, UserFactory())
            plugin_associate(
                acting_user=creator, plugin=_plugin(creator, number), organization=organization
            )
    return "/api/v1/plugins/"


def grow_organization_plugins(organization, owner, rows):
    for number in range(rows):
        creator = owner if number % 2 else add_member(organization, UserFactory())
        plugin_associate(
            acting_user=creator, plugin=_plugin(creator, number), organization=organization
        )
    return f"/api/v1/organizations/{organization.pk}/plugins/"


LISTS = {
    # list: (how to grow it to a number of rows, the pinned number of queries)
    "members": (grow_members, 4),  # organization, count, page, teams of the page's members
    "invitations": (grow_invitations, 4),  # organization, count, page, teams of the page
    "teams": (grow_teams, 3),  # organization, count, page with member counts
    "team members": (grow_team_members, 4),  # organization, team, count, page
    "organizations": (grow_organizations, 2),  # count, page with plans and roles
    "tokens": (grow_tokens, 2),  # count, page
    # A member's view: what decides their access, then the page (no count), each one query
    # whatever the grants.
    "securables": (grow_securables, 2),
    "securable shares": (grow_securable_shares, 3),  # securable with level, people, teams
    "plugins": (grow_plugins, 2),  # count, page with creators
    "organization plugins": (grow_organization_plugins, 3),  # organization, count, page
}


def queries_of(api_as, user, path) -> tuple[int, int]:
    client = api_as(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.content
    body = response.json()
    if "count" in body:
        return len(queries), body["count"]
    # A list without a count (the securables): one page holds every row.
    assert body["next"] is None
    return len(queries), len(body["results"])


@pytest.mark.parametrize("rows", [5, 50])
@pytest.mark.parametrize("name", LISTS)
def test_list_queries_do_not_grow_with_rows(api_as, enterprise, owner, name, rows):
    grow, pinned = LISTS[name]
    grown = grow(enterprise, owner, rows)
    # A list grown for another caller than the owner names them.
    caller, path = grown if isinstance(grown, tuple) else (owner, grown)

    queries, count = queries_of(api_as, caller, path)

    assert count == rows
    assert queries == pinned
