"""REST API: teams and their members."""

import pytest

from organizations.models import Team, TeamMembership
from organizations.roles import TeamRole
from organizations.services.team import team_create, team_member_add
from organizations.tests.factories import plan


def teams_url(organization, team=None, suffix: str = "") -> str:
    base = f"/api/v1/organizations/{organization.pk}/teams/"
    return f"{base}{team.pk}/{suffix}" if team is not None else base


def team_members_url(organization, team, user=None) -> str:
    base = teams_url(organization, team, "members/")
    return f"{base}{user.pk}/" if user is not None else base


def error_of(response) -> dict:
    return response.json()["error"]


@pytest.fixture
def my_team(organization):
    return organization.teams.get(name="My Team")


@pytest.fixture
def designers(owner, organization):
    return team_create(acting_user=owner, organization=organization, name="Designers")


def test_teams_are_listed_with_their_member_counts(
    api_as, viewer, member, my_team, designers, organization
):
    body = api_as(viewer).get(teams_url(organization)).json()

    assert [(row["name"], row["member_count"]) for row in body["results"]] == [
        ("Designers", 0),
        ("My Team", 3),
    ]


def test_teams_are_searched_by_name(api_as, viewer, designers, organization):
    body = api_as(viewer).get(teams_url(organization), {"search": "sign"}).json()

    assert [row["name"] for row in body["results"]] == ["Designers"]


def test_an_admin_creates_renames_and_deletes_a_team(api_as, admin, organization):
    client = api_as(admin)

    created = client.post(teams_url(organization), {"name": "Analysts"})
    assert created.status_code == 201
    team = Team.objects.get(pk=created.json()["id"])
    renamed = client.patch(teams_url(organization, team), {"name": "Data analysts"})
    assert renamed.status_code == 200
    assert renamed.json()["name"] == "Data analysts"
    assert client.delete(teams_url(organization, team)).status_code == 204
    assert not Team.objects.filter(pk=team.pk).exists()


@pytest.mark.parametrize("name", ["", "My Team", "x" * 101])
def test_bad_team_names_name_the_field(api_as, admin, organization, name):
    response = api_as(admin).post(teams_url(organization), {"name": name})

    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == ["name"]


def test_the_plans_team_limit_is_refused(api_as, owner, organization):
    organization.plan = plan("free")
    organization.save()

    response = api_as(owner).post(teams_url(organization), {"name": "Second"})

    assert response.status_code == 400
    assert "team" in error_of(response)["message"]


def test_the_last_team_can_not_be_deleted(api_as, owner, my_team, organization):
    response = api_as(owner).delete(teams_url(organization, my_team))

    assert response.status_code == 400
    assert "last" in error_of(response)["message"]


@pytest.mark.parametrize(
    ("method", "payload"), [("post", {"name": "New"}), ("patch", {"name": "New"}), ("delete", None)]
)
def test_members_may_not_manage_teams(api_as, member, designers, organization, method, payload):
    url = teams_url(organization) if method == "post" else teams_url(organization, designers)

    response = getattr(api_as(member), method)(url, payload)

    assert response.status_code == 403


def test_a_teams_members_are_listed_with_their_team_role(
    api_as, viewer, owner, member, my_team, organization
):
    body = api_as(viewer).get(team_members_url(organization, my_team)).json()

    roles = {row["email"]: row["role"] for row in body["results"]}
    assert roles[owner.email] == "admin"
    assert roles[member.email] == "member"
    filtered = api_as(viewer).get(team_members_url(organization, my_team), {"role": "admin"}).json()
    assert [row["email"] for row in filtered["results"]] == [owner.email]


def test_an_admin_adds_changes_and_removes_a_team_member(
    api_as, admin, member, designers, organization
):
    client = api_as(admin)

    added = client.post(team_members_url(organization, designers), {"user": str(member.pk)})
    assert added.status_code == 201
    assert (added.json()["id"], added.json()["role"]) == (str(member.pk), "member")
    changed = client.patch(team_members_url(organization, designers, member), {"role": "viewer"})
    assert changed.status_code == 200
    assert changed.json()["role"] == "viewer"
    assert client.delete(team_members_url(organization, designers, member)).status_code == 204
    assert not TeamMembership.objects.filter(team=designers, user=member).exists()


def test_only_members_of_the_organization_join_its_teams(
    api_as, admin, outsider, designers, organization
):
    response = api_as(admin).post(
        team_members_url(organization, designers), {"user": str(outsider.pk)}
    )

    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == ["user"]


def test_a_member_can_not_leave_their_only_team(api_as, admin, member, my_team, organization):
    response = api_as(admin).delete(team_members_url(organization, my_team, member))

    assert response.status_code == 400
    assert TeamMembership.objects.filter(team=my_team, user=member).exists()


def test_a_team_admin_manages_their_teams_members(
    api_as, owner, member, viewer, designers, organization
):
    team_member_add(acting_user=owner, team=designers, user=member, role=TeamRole.ADMIN)
    client = api_as(member)

    added = client.post(
        team_members_url(organization, designers), {"user": str(viewer.pk), "role": "viewer"}
    )

    assert added.status_code == 201
    # ...but not another team, nor the team itself.
    my_team = organization.teams.get(name="My Team")
    assert (
        client.patch(team_members_url(organization, my_team, viewer), {"role": "admin"}).status_code
        == 403
    )
    assert client.patch(teams_url(organization, designers), {"name": "Mine"}).status_code == 403


def test_a_user_not_in_the_team_answers_404(api_as, owner, member, designers, organization):
    response = api_as(owner).get(team_members_url(organization, designers, member))

    assert response.status_code == 404


def test_a_team_and_a_team_member_are_shown_by_id(api_as, viewer, owner, my_team, organization):
    client = api_as(viewer)

    team = client.get(teams_url(organization, my_team)).json()
    team_member = client.get(team_members_url(organization, my_team, owner)).json()

    assert (team["name"], team["member_count"]) == ("My Team", 2)
    assert (team_member["email"], team_member["role"]) == (owner.email, "admin")


def test_an_unknown_team_answers_404(api_as, owner, organization):
    response = api_as(owner).get(f"/api/v1/organizations/{organization.pk}/teams/{owner.pk}/")

    assert response.status_code == 404
    assert error_of(response)["message"] == "Team not found."
