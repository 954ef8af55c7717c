"""Teams: create, rename, delete, and their members, by organization managers and team admins."""

import pytest
from django.contrib.auth.models import Group

from common.errors import InvalidInput, NotFound, PermissionDenied
from organizations.models import AuditAction, AuditEvent, Team, TeamMembership
from organizations.models.team import DEFAULT_TEAM_NAME
from organizations.roles import TeamRole
from organizations.services.team import (
    team_create,
    team_delete,
    team_member_add,
    team_member_change_role,
    team_member_remove,
    team_rename,
)
from organizations.tests.factories import UserFactory, add_member, plan
from organizations.tests.snapshots import database_snapshot


def team_role_of(team, user):
    return (
        TeamMembership.objects.filter(team=team, user=user).values_list("role", flat=True).first()
    )


def last_event(organization):
    return AuditEvent.objects.filter(organization=organization).order_by("-created_at").first()


@pytest.fixture
def my_team(organization):
    return organization.teams.get(name=DEFAULT_TEAM_NAME)


@pytest.fixture
def sales(organization, owner):
    return team_create(acting_user=owner, organization=organization, name="Sales")


@pytest.fixture
def team_admin(organization, owner, sales):
    """An organization member who is a team admin of Sales (and a team member of My Team)."""
    user = add_member(organization, UserFactory(name="Tess Teamadmin"))
    team_member_add(acting_user=owner, team=sales, user=user, role=TeamRole.ADMIN)
    return user


@pytest.fixture
def sales_member(organization, owner, sales):
    user = add_member(organization, UserFactory(name="Sam Sales"))
    team_member_add(acting_user=owner, team=sales, user=user, role=TeamRole.MEMBER)
    return user


@pytest.fixture
def sales_viewer(organization, owner, sales):
    user = add_member(organization, UserFactory(name="Vera Sales"))
    team_member_add(acting_user=owner, team=sales, user=user, role=TeamRole.VIEWER)
    return user


@pytest.fixture
def other_sales_admin(organization, owner, sales):
    user = add_member(organization, UserFactory(name="Otis Salesadmin"), team_role=None)
    team_member_add(acting_user=owner, team=sales, user=user, role=TeamRole.ADMIN)
    return user


# team_create --------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["owner", "admin"])
def test_owner_and_admin_create_teams(request, organization, actor):
    acting_user = request.getfixturevalue(actor)

    team = team_create(acting_user=acting_user, organization=organization, name="  Support  ")

    team.refresh_from_db()
    assert team.organization == organization
    assert team.name == "Support"
    assert Group.objects.filter(pk=team.group_id).exists()
    assert not team.memberships.exists()
    event = last_event(organization)
    assert event.action == AuditAction.TEAM_CREATED
    assert event.actor == acting_user
    assert event.data == {"team_id": str(team.pk), "team": "Support"}


def test_each_team_has_its_own_group(organization, owner, my_team):
    first = team_create(acting_user=owner, organization=organization, name="Support")
    second = team_create(acting_user=owner, organization=organization, name="Research")

    assert len({my_team.group_id, first.group_id, second.group_id}) == 3


@pytest.mark.parametrize(
    ("actor", "error"),
    [("member", PermissionDenied), ("viewer", PermissionDenied), ("outsider", NotFound)],
)
def test_others_may_not_create_teams(request, organization, actor, error):
    acting_user = request.getfixturevalue(actor)
    before = database_snapshot()

    with pytest.raises(error):
        team_create(acting_user=acting_user, organization=organization, name="Support")

    assert database_snapshot() == before


def test_team_admin_may_not_create_teams(organization, team_admin):
    before = database_snapshot()

    with pytest.raises(PermissionDenied):
        team_create(acting_user=team_admin, organization=organization, name="Support")

    assert database_snapshot() == before


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("", "name"),
        ("   ", "name"),
        (None, "name"),
        ("x" * 101, "100 characters"),
        ("My Team", "already exists"),
        ("  my team ", "already exists"),
        ("MY TEAM", "already exists"),
    ],
)
def test_invalid_team_names_are_refused(organization, owner, name, words):
    before = database_snapshot()

    with pytest.raises(InvalidInput) as refused:
        team_create(acting_user=owner, organization=organization, name=name)

    assert refused.value.field == "name"
    assert words in str(refused.value)
    assert database_snapshot() == before


def test_team_name_of_100_characters_is_accepted(organization, owner):
    team = team_create(acting_user=owner, organization=organization, name="x" * 100)

    assert Team.objects.get(pk=team.pk).name == "x" * 100


def test_same_team_name_in_another_organization_is_fine(organization, owner, outsider):
    team_create(acting_user=owner, organization=organization, name="Sales")
    other = outsider.active_organization
    other.plan = plan("pro")
    other.save(update_fields=["plan"])

    team = team_create(acting_user=outsider, organization=other, name="sales")

    assert team.organization == other
    assert set(
        Team.objects.filter(name__iexact="sales").values_list("organization", flat=True)
    ) == {
        organization.pk,
        other.pk,
    }


def test_free_plan_allows_one_team(organization, owner):
    organization.plan = plan("free")
    organization.save(update_fields=["plan"])
    before = database_snapshot()

    with pytest.raises(InvalidInput) as refused:
        team_create(acting_user=owner, organization=organization, name="Support")

    assert "Free" in str(refused.value)
    assert "1 team" in str(refused.value)
    assert database_snapshot() == before
    assert organization.teams.count() == 1


def test_pro_plan_allows_more_teams(organization, owner):
    assert organization.plan.code == "pro"

    for name in ("Support", "Research", "Finance"):
        team_create(acting_user=owner, organization=organization, name=name)

    assert organization.teams.count() == 4


def test_team_limit_counts_existing_teams(organization, owner):
    organization.plan = plan("core")  # five teams
    organization.save(update_fields=["plan"])
    for number in range(4):
        team_create(acting_user=owner, organization=organization, name=f"Team {number}")

    with pytest.raises(InvalidInput, match="Core"):
        team_create(acting_user=owner, organization=organization, name="Team 5")

    assert organization.teams.count() == 5


# team_rename --------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["owner", "admin"])
def test_owner_and_admin_rename_teams(request, organization, sales, actor):
    acting_user = request.getfixturevalue(actor)

    team_rename(acting_user=acting_user, team=sales, name="  Sales EMEA ")

    assert Team.objects.get(pk=sales.pk).name == "Sales EMEA"
    event = last_event(organization)
    assert event.action == AuditAction.TEAM_RENAMED
    assert event.actor == acting_user
    assert event.data == {"team_id": str(sales.pk), "from": "Sales", "to": "Sales EMEA"}


def test_rename_to_another_case_of_its_own_name(organization, owner, sales):
    team_rename(acting_user=owner, team=sales, name="SALES")

    assert Team.objects.get(pk=sales.pk).name == "SALES"


def test_rename_to_the_same_name_writes_nothing(organization, owner, sales):
    before = database_snapshot()

    team_rename(acting_user=owner, team=sales, name=" Sales ")

    assert database_snapshot() == before


@pytest.mark.parametrize(("name", "words"), [("my team", "already exists"), ("  ", "name")])
def test_rename_refuses_invalid_names(organization, owner, sales, name, words):
    before = database_snapshot()

    with pytest.raises(InvalidInput, match=words) as refused:
        team_rename(acting_user=owner, team=sales, name=name)

    assert refused.value.field == "name"
    assert sales.name == "Sales"
    assert database_snapshot() == before


@pytest.mark.parametrize(
    ("actor", "error"),
    [
        ("member", PermissionDenied),
        ("viewer", PermissionDenied),
        ("team_admin", PermissionDenied),
        ("outsider", NotFound),
    ],
)
def test_others_may_not_rename_teams(request, organization, sales, actor, error):
    acting_user = request.getfixturevalue(actor)
    before = database_snapshot()

    with pytest.raises(error):
        team_rename(acting_user=acting_user, team=sales, name="Renamed")

    assert database_snapshot() == before


# team_delete --------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["owner", "admin"])
def test_delete_removes_the_team_its_group_and_memberships(
    request, organization, sales, sales_member, sales_viewer, actor
):
    acting_user = request.getfixturevalue(actor)
    team_id, group_id = sales.pk, sales.group_id
    assert sales_member.groups.filter(pk=group_id).exists()

    team_delete(acting_user=acting_user, team=sales)

    assert not Team.objects.filter(pk=team_id).exists()
    assert not Group.objects.filter(pk=group_id).exists()
    assert not TeamMembership.objects.filter(team_id=team_id).exists()
    assert not sales_member.groups.filter(pk=group_id).exists()
    assert not sales_viewer.groups.filter(pk=group_id).exists()
    assert organization.memberships.filter(user=sales_member).exists()
    event = last_event(organization)
    assert event.action == AuditAction.TEAM_DELETED
    assert event.actor == acting_user
    assert event.data == {
        "team_id": str(team_id),
        "team": "Sales",
        "members_moved_to": None,
        "members_moved": 0,
        "shares_revoked": 0,
    }


def test_delete_moves_members_without_another_team_to_the_oldest_team(
    organization, owner, my_team, sales, other_sales_admin
):
    """Every member belongs to at least one team, also after their only team is deleted."""
    assert team_role_of(my_team, other_sales_admin) is None

    team_delete(acting_user=owner, team=sales)

    assert team_role_of(my_team, other_sales_admin) == TeamRole.ADMIN
    assert other_sales_admin.groups.filter(pk=my_team.group_id).exists()
    event = last_event(organization)
    assert event.data["members_moved_to"] == DEFAULT_TEAM_NAME
    assert event.data["members_moved"] == 1


def test_a_member_is_never_removed_from_their_last_team(
    organization, owner, sales, other_sales_admin
):
    before = database_snapshot()

    with pytest.raises(InvalidInput, match="only team in the organization"):
        team_member_remove(acting_user=owner, team=sales, user=other_sales_admin)

    assert database_snapshot() == before


def test_delete_leaves_other_teams_alone(organization, owner, my_team, sales, member):
    team_delete(acting_user=owner, team=sales)

    assert Team.objects.filter(pk=my_team.pk).exists()
    assert team_role_of(my_team, member) == TeamRole.MEMBER
    assert member.groups.filter(pk=my_team.group_id).exists()


def test_the_last_team_cannot_be_deleted(organization, owner, my_team, member):
    before = database_snapshot()

    with pytest.raises(InvalidInput, match="at least one team"):
        team_delete(acting_user=owner, team=my_team)

    assert database_snapshot() == before
    assert Group.objects.filter(pk=my_team.group_id).exists()


def test_the_last_remaining_team_cannot_be_deleted(organization, owner, my_team, sales):
    team_delete(acting_user=owner, team=my_team)

    with pytest.raises(InvalidInput):
        team_delete(acting_user=owner, team=sales)

    assert list(organization.teams.all()) == [sales]


@pytest.mark.parametrize(
    ("actor", "error"),
    [
        ("member", PermissionDenied),
        ("viewer", PermissionDenied),
        ("team_admin", PermissionDenied),
        ("outsider", NotFound),
    ],
)
def test_others_may_not_delete_teams(request, organization, sales, actor, error):
    acting_user = request.getfixturevalue(actor)
    before = database_snapshot()

    with pytest.raises(error):
        team_delete(acting_user=acting_user, team=sales)

    assert database_snapshot() == before


# team_member_add ----------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["owner", "admin"])
@pytest.mark.parametrize("role", [TeamRole.ADMIN, TeamRole.MEMBER, TeamRole.VIEWER])
def test_owner_and_admin_add_team_members(request, organization, sales, member, actor, role):
    acting_user = request.getfixturevalue(actor)

    team_membership = team_member_add(acting_user=acting_user, team=sales, user=member, role=role)

    assert team_membership.team == sales
    assert team_role_of(sales, member) == role
    assert member.groups.filter(pk=sales.group_id).exists()
    event = last_event(organization)
    assert event.action == AuditAction.TEAM_MEMBER_ADDED
    assert event.actor == acting_user
    assert event.target_user == member
    assert event.data == {"team_id": str(sales.pk), "team": "Sales", "role": role}


def test_default_team_role_is_member(organization, owner, sales, viewer):
    team_member_add(acting_user=owner, team=sales, user=viewer)

    assert team_role_of(sales, viewer) == TeamRole.MEMBER


def test_only_members_of_the_organization_join_its_teams(organization, owner, sales, outsider):
    stranger = UserFactory()
    before = database_snapshot()

    for user in (outsider, stranger):
        with pytest.raises(InvalidInput, match="Only members") as refused:
            team_member_add(acting_user=owner, team=sales, user=user)
        assert refused.value.field == "user"

    assert database_snapshot() == before
    assert not outsider.groups.filter(pk=sales.group_id).exists()


def test_nobody_joins_a_team_twice(organization, owner, my_team, member):
    before = database_snapshot()

    with pytest.raises(InvalidInput, match="already a member") as refused:
        team_member_add(acting_user=owner, team=my_team, user=member, role=TeamRole.ADMIN)

    assert refused.value.field == "user"
    assert database_snapshot() == before
    assert team_role_of(my_team, member) == TeamRole.MEMBER


def test_invalid_team_role_is_refused(organization, owner, sales, member):
    before = database_snapshot()

    with pytest.raises(InvalidInput, match="team role") as refused:
        team_member_add(acting_user=owner, team=sales, user=member, role="boss")

    assert refused.value.field == "role"
    assert database_snapshot() == before


@pytest.mark.parametrize(
    ("actor", "error"),
    [("member", PermissionDenied), ("viewer", PermissionDenied), ("outsider", NotFound)],
)
def test_others_may_not_add_team_members(request, organization, sales, admin, actor, error):
    acting_user = request.getfixturevalue(actor)
    before = database_snapshot()

    with pytest.raises(error):
        team_member_add(acting_user=acting_user, team=sales, user=admin)

    assert database_snapshot() == before


def test_team_member_may_not_add_members(organization, sales, sales_member, member):
    before = database_snapshot()

    with pytest.raises(PermissionDenied):
        team_member_add(acting_user=sales_member, team=sales, user=member)

    assert database_snapshot() == before


def test_team_of_another_organization_is_not_found(organization, owner, member, other_organization):
    foreign_team = other_organization.teams.get()
    before = database_snapshot()

    with pytest.raises(NotFound):
        team_member_add(acting_user=owner, team=foreign_team, user=member)

    assert database_snapshot() == before


# team_member_remove -------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["owner", "admin"])
def test_owner_and_admin_remove_team_members(request, organization, sales, sales_member, actor):
    acting_user = request.getfixturevalue(actor)

    team_member_remove(acting_user=acting_user, team=sales, user=sales_member)

    assert team_role_of(sales, sales_member) is None
    assert not sales_member.groups.filter(pk=sales.group_id).exists()
    assert organization.memberships.filter(user=sales_member).exists()
    event = last_event(organization)
    assert event.action == AuditAction.TEAM_MEMBER_REMOVED
    assert event.actor == acting_user
    assert event.target_user == sales_member
    assert event.data == {"team_id": str(sales.pk), "team": "Sales"}


def test_organization_admin_may_remove_a_team_admin(organization, admin, sales, team_admin):
    team_member_remove(acting_user=admin, team=sales, user=team_admin)

    assert team_role_of(sales, team_admin) is None


def test_removing_from_one_team_keeps_the_others(organization, owner, my_team, sales, team_admin):
    team_member_remove(acting_user=owner, team=sales, user=team_admin)

    assert team_role_of(my_team, team_admin) == TeamRole.MEMBER
    assert team_admin.groups.filter(pk=my_team.group_id).exists()


def test_removing_someone_not_in_the_team_is_not_found(organization, owner, sales, member):
    before = database_snapshot()

    with pytest.raises(NotFound, match="not a member"):
        team_member_remove(acting_user=owner, team=sales, user=member)

    assert database_snapshot() == before


@pytest.mark.parametrize(
    ("actor", "error"),
    [
        ("member", PermissionDenied),
        ("viewer", PermissionDenied),
        ("sales_viewer", PermissionDenied),
        ("outsider", NotFound),
    ],
)
def test_others_may_not_remove_team_members(
    request, organization, sales, sales_member, actor, error
):
    acting_user = request.getfixturevalue(actor)
    before = database_snapshot()

    with pytest.raises(error):
        team_member_remove(acting_user=acting_user, team=sales, user=sales_member)

    assert database_snapshot() == before


# team_member_change_role --------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["owner", "admin"])
def test_owner_and_admin_change_team_roles(request, organization, sales, sales_member, actor):
    acting_user = request.getfixturevalue(actor)

    team_member_change_role(
        acting_user=acting_user, team=sales, user=sales_member, role=TeamRole.ADMIN
    )

    assert team_role_of(sales, sales_member) == TeamRole.ADMIN
    assert sales_member.groups.filter(pk=sales.group_id).exists()
    event = last_event(organization)
    assert event.action == AuditAction.TEAM_MEMBER_ROLE_CHANGED
    assert event.actor == acting_user
    assert event.target_user == sales_member
    assert event.data == {
        "team_id": str(sales.pk),
        "team": "Sales",
        "from": TeamRole.MEMBER,
        "to": TeamRole.ADMIN,
    }


def test_changing_to_the_same_role_writes_nothing(organization, owner, sales, sales_member):
    before = database_snapshot()

    team_member_change_role(acting_user=owner, team=sales, user=sales_member, role=TeamRole.MEMBER)

    assert database_snapshot() == before


def test_change_to_an_invalid_team_role_is_refused(organization, owner, sales, sales_member):
    before = database_snapshot()

    with pytest.raises(InvalidInput) as refused:
        team_member_change_role(acting_user=owner, team=sales, user=sales_member, role="owner")

    assert refused.value.field == "role"
    assert database_snapshot() == before


def test_change_role_of_someone_not_in_the_team_is_not_found(organization, owner, sales, member):
    before = database_snapshot()

    with pytest.raises(NotFound):
        team_member_change_role(acting_user=owner, team=sales, user=member, role=TeamRole.VIEWER)

    assert database_snapshot() == before


@pytest.mark.parametrize(
    ("actor", "error"),
    [
        ("member", PermissionDenied),
        ("viewer", PermissionDenied),
        ("sales_viewer", PermissionDenied),
        ("outsider", NotFound),
    ],
)
def test_others_may_not_change_team_roles(request, organization, sales, sales_member, actor, error):
    acting_user = request.getfixturevalue(actor)
    before = database_snapshot()

    with pytest.raises(error):
        team_member_change_role(
            acting_user=acting_user, team=sales, user=sales_member, role=TeamRole.VIEWER
        )

    assert database_snapshot() == before


# A team admin who is not an organization admin ----------------------------------------------


@pytest.mark.parametrize("role", [TeamRole.MEMBER, TeamRole.VIEWER])
def test_team_admin_adds_members_and_viewers_to_their_team(
    organization, sales, team_admin, member, role
):
    team_member_add(acting_user=team_admin, team=sales, user=member, role=role)

    assert team_role_of(sales, member) == role
    assert member.groups.filter(pk=sales.group_id).exists()
    event = last_event(organization)
    assert event.action == AuditAction.TEAM_MEMBER_ADDED
    assert event.actor == team_admin
    assert event.target_user == member


@pytest.mark.parametrize("target", ["sales_member", "sales_viewer"])
def test_team_admin_removes_members_and_viewers_of_their_team(
    request, organization, sales, team_admin, target
):
    user = request.getfixturevalue(target)

    team_member_remove(acting_user=team_admin, team=sales, user=user)

    assert team_role_of(sales, user) is None
    assert not user.groups.filter(pk=sales.group_id).exists()
    event = last_event(organization)
    assert event.action == AuditAction.TEAM_MEMBER_REMOVED
    assert event.actor == team_admin
    assert event.target_user == user


@pytest.mark.parametrize(
    ("target", "role"),
    [("sales_member", TeamRole.VIEWER), ("sales_viewer", TeamRole.MEMBER)],
)
def test_team_admin_changes_roles_of_members_and_viewers(
    request, organization, sales, team_admin, target, role
):
    user = request.getfixturevalue(target)

    team_member_change_role(acting_user=team_admin, team=sales, user=user, role=role)

    assert team_role_of(sales, user) == role
    event = last_event(organization)
    assert event.action == AuditAction.TEAM_MEMBER_ROLE_CHANGED
    assert event.actor == team_admin
    assert event.data["to"] == role


def test_team_admin_may_not_remove_another_team_admin(
    organization, sales, team_admin, other_sales_admin
):
    before = database_snapshot()

    with pytest.raises(PermissionDenied, match="members and viewers"):
        team_member_remove(acting_user=team_admin, team=sales, user=other_sales_admin)

    assert database_snapshot() == before


@pytest.mark.parametrize("role", [TeamRole.MEMBER, TeamRole.VIEWER])
def test_team_admin_may_not_demote_another_team_admin(
    organization, sales, team_admin, other_sales_admin, role
):
    before = database_snapshot()

    with pytest.raises(PermissionDenied):
        team_member_change_role(
            acting_user=team_admin, team=sales, user=other_sales_admin, role=role
        )

    assert database_snapshot() == before
    assert team_role_of(sales, other_sales_admin) == TeamRole.ADMIN


def test_team_admin_may_not_remove_themselves(organization, sales, team_admin):
    before = database_snapshot()

    with pytest.raises(PermissionDenied, match="your own"):
        team_member_remove(acting_user=team_admin, team=sales, user=team_admin)

    assert database_snapshot() == before


def test_team_admin_may_not_change_their_own_role(organization, sales, team_admin):
    before = database_snapshot()

    with pytest.raises(PermissionDenied, match="your own"):
        team_member_change_role(
            acting_user=team_admin, team=sales, user=team_admin, role=TeamRole.MEMBER
        )

    assert database_snapshot() == before


def test_team_admin_may_not_manage_another_team(organization, my_team, team_admin, member, viewer):
    # team_admin is a team admin of Sales but only a team member of My Team.
    assert team_role_of(my_team, team_admin) == TeamRole.MEMBER
    newcomer = add_member(organization, UserFactory(), team_role=None)
    before = database_snapshot()

    with pytest.raises(PermissionDenied):
        team_member_add(acting_user=team_admin, team=my_team, user=newcomer)
    with pytest.raises(PermissionDenied):
        team_member_remove(acting_user=team_admin, team=my_team, user=member)
    with pytest.raises(PermissionDenied):
        team_member_change_role(
            acting_user=team_admin, team=my_team, user=viewer, role=TeamRole.MEMBER
        )

    assert database_snapshot() == before


def test_team_admin_adds_only_organization_members(organization, sales, team_admin, outsider):
    before = database_snapshot()

    with pytest.raises(InvalidInput, match="Only members"):
        team_member_add(acting_user=team_admin, team=sales, user=outsider)

    assert database_snapshot() == before


def test_team_admin_who_was_removed_from_the_team_loses_the_right(
    organization, owner, sales, team_admin, sales_member
):
    team_member_remove(acting_user=owner, team=sales, user=team_admin)
    before = database_snapshot()

    with pytest.raises(PermissionDenied):
        team_member_remove(acting_user=team_admin, team=sales, user=sales_member)

    assert database_snapshot() == before
