"""Organization → Teams: create, rename, delete; members and their team roles."""

import re

import pytest
from django.urls import reverse

from organizations.models import Team, TeamMembership
from organizations.models.team import DEFAULT_TEAM_NAME
from organizations.roles import TeamRole
from organizations.services.team import team_create, team_member_add
from organizations.tests.factories import plan
from organizations.tests.test_selectors import bulk_teams
from organizations.views.teams import TEAMS_PER_PAGE

TEAMS = reverse("organization_teams")


def team_url(team, name="organization_team", *extra):
    return reverse(name, args=[team.pk, *extra])


def team_role_of(team, user):
    return TeamMembership.objects.get(team=team, user=user).role


@pytest.fixture
def my_team(organization):
    return organization.teams.get(name=DEFAULT_TEAM_NAME)


@pytest.fixture
def sales(organization, owner):
    return team_create(acting_user=owner, organization=organization, name="Sales")


def test_every_member_sees_the_teams_with_their_member_counts(client, organization, member, sales):
    client.force_login(member)

    response = client.get(TEAMS)

    assert response.status_code == 200
    counts = {team.name: team.member_count for team in response.context["teams"]}
    assert counts == {"My Team": 2, "Sales": 0}
    assert "Create a team" not in response.content.decode()


def test_owner_creates_a_team(client, organization, owner):
    client.force_login(owner)

    response = client.post(reverse("organization_team_new"), {"name": "Analysts"}, follow=True)

    team = organization.teams.get(name="Analysts")
    assert response.redirect_chain[-1][0] == team_url(team)
    assert "Team Analysts created." in response.content.decode()


def test_a_duplicate_team_name_is_a_field_error(client, organization, owner, sales):
    client.force_login(owner)

    response = client.post(reverse("organization_team_new"), {"name": "sales"})

    assert response.status_code == 200
    assert "already exists" in response.context["team_form"].errors["name"][0]
    assert response.context["team_form_open"]
    assert organization.teams.count() == 2


def test_the_plans_team_limit_is_a_flash_error(client, organization, owner):
    organization.plan = plan("free")
    organization.save(update_fields=["plan"])
    client.force_login(owner)

    response = client.post(reverse("organization_team_new"), {"name": "Two"})

    assert "allows 1 team" in response.content.decode()
    assert organization.teams.count() == 1


def test_member_cannot_create_a_team(client, organization, member):
    client.force_login(member)

    assert client.post(reverse("organization_team_new"), {"name": "Mine"}).status_code == 403
    assert not organization.teams.filter(name="Mine").exists()


def test_team_page_lists_members_with_team_roles(client, organization, owner, member, my_team):
    client.force_login(member)

    response = client.get(team_url(my_team))

    assert response.status_code == 200
    roles = {row.user_id: row.role for row in response.context["members"]}
    assert roles == {owner.pk: TeamRole.ADMIN, member.pk: TeamRole.MEMBER}
    assert "add_form" not in response.context
    assert "rename_form" not in response.context
    assert not any(row.actions for row in response.context["members"])


def test_renaming_a_team(client, organization, admin, sales):
    client.force_login(admin)

    response = client.post(
        team_url(sales, "organization_team_rename"), {"name": "Sales EU"}, follow=True
    )

    sales.refresh_from_db()
    assert sales.name == "Sales EU"
    assert "Team Sales renamed to Sales EU." in response.content.decode()


def test_renaming_to_a_taken_name_shows_the_error(client, organization, admin, sales):
    client.force_login(admin)

    response = client.post(team_url(sales, "organization_team_rename"), {"name": "My Team"})

    assert "already exists" in response.context["rename_form"].errors["name"][0]
    sales.refresh_from_db()
    assert sales.name == "Sales"


def test_deleting_a_team(client, organization, owner, sales):
    client.force_login(owner)

    response = client.post(team_url(sales, "organization_team_delete"), follow=True)

    assert not Team.objects.filter(pk=sales.pk).exists()
    assert response.redirect_chain[-1][0] == TEAMS
    assert "Team Sales deleted." in response.content.decode()


def test_the_last_team_cannot_be_deleted(client, organization, owner, my_team):
    client.force_login(owner)

    response = client.post(team_url(my_team, "organization_team_delete"), follow=True)

    assert Team.objects.filter(pk=my_team.pk).exists()
    assert "at least one team" in response.content.decode()


def test_member_cannot_rename_or_delete(client, organization, member, sales):
    client.force_login(member)

    assert (
        client.post(team_url(sales, "organization_team_rename"), {"name": "X"}).status_code == 403
    )
    assert client.post(team_url(sales, "organization_team_delete")).status_code == 403
    assert Team.objects.get(pk=sales.pk).name == "Sales"


def test_adding_a_member_to_a_team(client, organization, owner, member, sales):
    client.force_login(owner)
    candidates = client.get(team_url(sales)).context["add_form"].fields["user"].queryset
    membership = candidates.get(user=member)

    response = client.post(
        team_url(sales, "organization_team_member_add"),
        {"user": str(membership.pk), "role": TeamRole.VIEWER},
        follow=True,
    )

    assert team_role_of(sales, member) == TeamRole.VIEWER
    assert "Mia Member joined the team as Team viewer." in response.content.decode()


def test_changing_and_removing_a_team_member(client, organization, owner, member, sales):
    team_member_add(acting_user=owner, team=sales, user=member)
    client.force_login(owner)

    client.post(team_url(sales, "organization_team_member_role", member.pk), {"role": "admin"})
    assert team_role_of(sales, member) == TeamRole.ADMIN

    response = client.post(
        team_url(sales, "organization_team_member_remove", member.pk), follow=True
    )
    assert not TeamMembership.objects.filter(team=sales, user=member).exists()
    assert "Mia Member was removed from the team." in response.content.decode()


def test_removing_a_member_from_their_only_team_is_refused(client, organization, owner, member):
    my_team = organization.teams.get(name=DEFAULT_TEAM_NAME)
    client.force_login(owner)

    response = client.post(
        team_url(my_team, "organization_team_member_remove", member.pk), follow=True
    )

    assert "only team" in response.content.decode()
    assert TeamMembership.objects.filter(team=my_team, user=member).exists()


def test_team_admin_manages_lower_team_roles_of_their_team(
    client, organization, owner, member, viewer, sales
):
    team_member_add(acting_user=owner, team=sales, user=member, role=TeamRole.ADMIN)
    team_member_add(acting_user=owner, team=sales, user=viewer, role=TeamRole.MEMBER)
    client.force_login(member)

    response = client.get(team_url(sales))

    rows = {row.user_id: row for row in response.context["members"]}
    assert not rows[member.pk].actions
    assert rows[viewer.pk].actions.may_remove
    assert "add_form" in response.context
    assert "rename_form" not in response.context
    client.post(team_url(sales, "organization_team_member_role", viewer.pk), {"role": "viewer"})
    assert team_role_of(sales, viewer) == TeamRole.VIEWER


def test_member_who_is_not_a_team_admin_cannot_add(client, organization, member, viewer, sales):
    client.force_login(member)

    response = client.post(
        team_url(sales, "organization_team_member_add"), {"user": "x", "role": "member"}
    )

    assert response.status_code == 403


def test_teams_of_another_organization_are_not_found(
    client, organization, owner, outsider, other_organization
):
    foreign = other_organization.teams.get()
    client.force_login(owner)

    assert client.get(team_url(foreign)).status_code == 404
    for name in ("organization_team_rename", "organization_team_delete"):
        assert client.post(team_url(foreign, name), {"name": "Hacked"}).status_code == 404
    response = client.post(team_url(foreign, "organization_team_member_remove", outsider.pk))
    assert response.status_code == 404
    assert Team.objects.get(pk=foreign.pk).name == DEFAULT_TEAM_NAME


def test_outsider_cannot_reach_a_member_through_a_team_of_their_own(
    client, organization, owner, member, outsider, other_organization
):
    # A user id of another organization in the URL of one's own team: not a member of it.
    my_team = organization.teams.get(name=DEFAULT_TEAM_NAME)
    client.force_login(owner)

    response = client.post(team_url(my_team, "organization_team_member_role", outsider.pk))

    assert response.status_code == 404


# The member to add is typed, not picked from a select of every member (issue 11) -----------


def test_adding_a_member_typed_by_their_email(client, organization, owner, member, sales):
    client.force_login(owner)

    response = client.post(
        team_url(sales, "organization_team_member_add"),
        {"user": member.email, "role": TeamRole.MEMBER},
        follow=True,
    )

    assert team_role_of(sales, member) == TeamRole.MEMBER
    assert "Mia Member joined the team as Team member." in response.content.decode()


def test_adding_someone_already_in_the_team_or_not_a_member_is_a_clear_error(
    client, organization, owner, member, outsider, other_organization, sales
):
    team_member_add(acting_user=owner, team=sales, user=member)
    client.force_login(owner)

    for typed in (member.email, outsider.email):
        response = client.post(
            team_url(sales, "organization_team_member_add"), {"user": typed, "role": "member"}
        )
        assert response.status_code == 200
        assert response.context["add_form"].errors["user"] == [
            "No member here has this e-mail or name."
        ]
    assert not TeamMembership.objects.filter(team=sales, user=outsider).exists()


def test_the_team_page_suggests_only_members_not_in_the_team(
    client, organization, owner, member, admin, sales
):
    team_member_add(acting_user=owner, team=sales, user=member)
    client.force_login(owner)

    content = client.get(team_url(sales)).content.decode()

    datalist = re.search(r'<datalist id="id_user-suggestions">(.*?)</datalist>', content)
    suggested = re.findall(r'<option value="([^"]+)">', datalist.group(1))
    assert admin.email in suggested
    assert member.email not in suggested


# The Teams tab paged, its counts of the page's teams only (issue 11) ----------------------

# Session, user, active organization (locale), active membership, the page's teams with
# their member counts, the sidebar.
TEAMS_TAB_QUERIES = 6


@pytest.mark.parametrize("size", [10, 120])
def test_teams_tab_runs_the_same_queries_at_10_and_120_teams(
    client, organization, owner, member, django_assert_num_queries, size
):
    teams = bulk_teams(organization, size, "Squad")
    TeamMembership.objects.bulk_create(TeamMembership(team=team, user=member) for team in teams)
    client.force_login(owner)

    with django_assert_num_queries(TEAMS_TAB_QUERIES):
        response = client.get(TEAMS)

    rows = [(team.name, team.member_count) for team in response.context["teams"]]
    assert len(rows) == min(size + 1, TEAMS_PER_PAGE)
    assert rows[0] == ("My Team", 2)
    assert all(count == 1 for _name, count in rows[1:])


def test_teams_tab_pages_by_name_with_previous_and_next(client, organization, owner):
    bulk_teams(organization, 60, "Squad")
    client.force_login(owner)

    first = client.get(TEAMS)
    second = client.get(TEAMS, {"page": 2})

    assert [team.name for team in first.context["teams"]][-1] == "Squad 0048"
    assert [team.name for team in second.context["teams"]] == [
        f"Squad {number:04d}" for number in range(49, 60)
    ]
    assert 'rel="next"' in first.content.decode()
    content = second.content.decode()
    assert 'rel="prev"' in content and 'rel="next"' not in content
