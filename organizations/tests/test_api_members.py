"""REST API: an organization's members, their roles and teams."""

import pytest

from organizations.models import Membership
from organizations.roles import OrganizationRole, TeamRole
from organizations.services.team import team_create, team_member_add
from organizations.tests.factories import UserFactory, add_member


def members_url(organization, user=None) -> str:
    base = f"/api/v1/organizations/{organization.pk}/members/"
    return f"{base}{user.pk}/" if user is not None else base


def error_of(response) -> dict:
    return response.json()["error"]


@pytest.fixture
def everyone(owner, admin, member, viewer):
    return {"owner": owner, "admin": admin, "member": member, "viewer": viewer}


def test_every_member_sees_the_members_with_role_and_teams(api_as, everyone, organization):
    body = api_as(everyone["viewer"]).get(members_url(organization)).json()

    assert body["count"] == 4
    by_email = {row["email"]: row for row in body["results"]}
    owner_row = by_email[everyone["owner"].email]
    assert owner_row["role"] == "owner"
    assert owner_row["id"] == str(everyone["owner"].pk)
    assert owner_row["teams"] == [
        {"id": str(organization.teams.get().pk), "name": "My Team", "role": "admin"}
    ]


def test_the_list_filters_by_role_team_and_search(api_as, everyone, organization):
    owner = everyone["owner"]
    designers = team_create(acting_user=owner, organization=organization, name="Designers")
    team_member_add(acting_user=owner, team=designers, user=everyone["member"])
    client = api_as(everyone["member"])

    def emails(**query):
        return {
            row["email"] for row in client.get(members_url(organization), query).json()["results"]
        }

    assert emails(role="admin") == {everyone["admin"].email}
    assert emails(team=str(designers.pk)) == {everyone["member"].email}
    assert emails(search="victor") == {everyone["viewer"].email}
    assert emails(search=everyone["owner"].email.upper()) == {everyone["owner"].email}


def test_a_team_of_another_organization_filters_nobody_in(
    api_as, owner, member, organization, outsider, other_organization
):
    # The member also belongs to the other organization, in its team.
    add_member(other_organization, member)
    foreign_team = other_organization.teams.get()

    body = api_as(owner).get(members_url(organization), {"team": str(foreign_team.pk)}).json()

    assert body["count"] == 0


def test_a_member_is_shown_by_user_id(api_as, everyone, organization):
    response = api_as(everyone["viewer"]).get(members_url(organization, everyone["admin"]))

    assert response.status_code == 200
    assert response.json()["role"] == "admin"


def test_an_admin_changes_a_members_role(api_as, everyone, organization):
    response = api_as(everyone["admin"]).patch(
        members_url(organization, everyone["member"]), {"role": "viewer"}
    )

    assert response.status_code == 200
    assert response.json()["role"] == "viewer"
    assert response.json()["teams"][0]["name"] == "My Team"


@pytest.mark.parametrize(
    ("actor", "target", "role"),
    [
        ("admin", "owner", "member"),  # the owner's role changes by transfer only
        ("member", "viewer", "member"),  # members manage nobody
        ("admin", "member", "owner"),  # owner is never granted
        ("owner", "owner", "admin"),  # nobody changes their own role
    ],
)
def test_role_changes_the_rules_refuse_answer_403(
    api_as, everyone, organization, actor, target, role
):
    response = api_as(everyone[actor]).patch(
        members_url(organization, everyone[target]), {"role": role}
    )

    assert response.status_code == 403
    assert error_of(response)["code"] == "permission_denied"


def test_an_admin_may_not_act_on_another_admin(api_as, everyone, organization):
    other_admin = add_member(organization, UserFactory(), OrganizationRole.ADMIN)

    response = api_as(everyone["admin"]).patch(
        members_url(organization, other_admin), {"role": "member"}
    )

    assert response.status_code == 403


def test_an_unknown_role_names_the_field(api_as, everyone, organization):
    response = api_as(everyone["owner"]).patch(
        members_url(organization, everyone["member"]), {"role": "emperor"}
    )

    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == ["role"]


def test_an_admin_removes_a_member(api_as, everyone, organization):
    response = api_as(everyone["admin"]).delete(members_url(organization, everyone["member"]))

    assert response.status_code == 204
    assert not Membership.objects.filter(
        organization=organization, user=everyone["member"]
    ).exists()


@pytest.mark.parametrize(
    ("actor", "target"), [("admin", "owner"), ("viewer", "member"), ("admin", "admin")]
)
def test_removals_the_rules_refuse_answer_403(api_as, everyone, organization, actor, target):
    response = api_as(everyone[actor]).delete(members_url(organization, everyone[target]))

    assert response.status_code == 403
    assert Membership.objects.filter(organization=organization, user=everyone[target]).exists()


def test_a_user_who_is_not_a_member_answers_404(api_as, owner, organization, outsider):
    response = api_as(owner).get(members_url(organization, outsider))

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_team_roles_are_listed_per_team(api_as, owner, member, organization):
    designers = team_create(acting_user=owner, organization=organization, name="Designers")
    team_member_add(acting_user=owner, team=designers, user=member, role=TeamRole.VIEWER)

    body = api_as(member).get(members_url(organization, member)).json()

    assert [(team["name"], team["role"]) for team in body["teams"]] == [
        ("Designers", "viewer"),
        ("My Team", "member"),
    ]
