"""The access matrix of securables: who sees a dashboard, at which level.

Mia Member of Acme creates the "Sales" dashboard; each scenario gives one person a way in (or
none) and checks the one rule three ways: the level on the securable, the list of what the
person may see (with the same level), and the 404 of an invisible id.
"""

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from guardian.shortcuts import get_perms

from common.errors import NotFound, PermissionDenied
from organizations.models import Securable, SecurableType
from organizations.roles import AccessLevel, OrganizationRole, TeamRole
from organizations.securable_access import NO_ACCESS, securable_access_level
from organizations.selectors.securables import securable_for_user, securables_visible_to
from organizations.services.securable import (
    securable_create,
    securable_share_with_team,
    securable_share_with_user,
)
from organizations.services.team import team_create, team_member_add
from organizations.tests.factories import UserFactory, add_member, plan

LEVELS = list(AccessLevel)


def create_dashboard(author, organization, name: str = "Sales") -> Securable:
    return securable_create(
        acting_user=author,
        organization=organization,
        type=SecurableType.DASHBOARD,
        name={"en": name},
    )


@pytest.fixture
def dashboard(member, organization) -> Securable:
    return create_dashboard(member, organization)


def newcomer(organization, role=OrganizationRole.MEMBER, **fields):
    """A member of ``organization`` in no team (so that only the grants a test makes count)."""
    return add_member(organization, UserFactory(**fields), role, team_role=None)


def in_new_team(organization, user, team_role, *, name="Analysts"):
    """Puts ``user`` in a team of ``organization`` (created if needed, on a plan with room
    for teams) with ``team_role``."""
    if organization.plan.max_teams is not None:
        organization.plan = plan("pro")
        organization.save(update_fields=["plan"])
    manager = organization.memberships.get(role=OrganizationRole.OWNER).user
    team = organization.teams.filter(name=name).first() or team_create(
        acting_user=manager, organization=organization, name=name
    )
    team_member_add(acting_user=manager, team=team, user=user, role=team_role)
    return team


def assert_access(user, securable, expected: int) -> None:
    """The level, the list and the 404 agree on ``expected`` (0: no access)."""
    assert securable_access_level(user, securable) == expected
    listed = {item.pk: item.access_level for item in securables_visible_to(user)}
    if expected == NO_ACCESS:
        assert securable.pk not in listed
        with pytest.raises(NotFound):
            securable_for_user(user=user, securable_id=securable.pk)
    else:
        assert listed[securable.pk] == expected
        assert securable_for_user(user=user, securable_id=securable.pk).access_level == expected


# Ownership and organization role ----------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("member", AccessLevel.OWN),  # the author owns it
        ("owner", AccessLevel.OWN),  # organization owner
        ("admin", AccessLevel.OWN),  # organization admin
        ("colleague", NO_ACCESS),  # another member, no share
        ("viewer", NO_ACCESS),  # an organization viewer, no share
        ("outsider", NO_ACCESS),  # another organization's owner
    ],
)
def test_by_default_only_the_owner_and_the_organization_managers_have_access(
    request, dashboard, organization, who, expected
):
    user = newcomer(organization) if who == "colleague" else request.getfixturevalue(who)
    assert_access(user, dashboard, expected)


def test_an_organization_role_gives_nothing_in_another_organization(
    owner, admin, outsider, other_organization
):
    globex_dashboard = create_dashboard(outsider, other_organization, "Globex only")

    assert_access(owner, globex_dashboard, NO_ACCESS)
    assert_access(admin, globex_dashboard, NO_ACCESS)


def test_an_unknown_or_malformed_id_is_not_found(member):
    for securable_id in (uuid.uuid4(), "not-a-uuid", None):
        with pytest.raises(NotFound):
            securable_for_user(user=member, securable_id=securable_id)


# Direct shares ----------------------------------------------------------------------------


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize(
    "recipient",
    ["colleague", "organization viewer", "user of another organization", "user of no organization"],
)
def test_a_direct_share_gives_exactly_its_level(
    dashboard, member, organization, other_organization, recipient, level
):
    user = {
        "colleague": lambda: newcomer(organization),
        "organization viewer": lambda: newcomer(organization, OrganizationRole.VIEWER),
        "user of another organization": lambda: newcomer(other_organization),
        "user of no organization": lambda: UserFactory(),
    }[recipient]()

    securable_share_with_user(
        acting_user=member, securable=dashboard, email=user.email, level=level
    )

    assert_access(user, dashboard, level)


# Team shares ------------------------------------------------------------------------------


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize(
    ("team_role", "cap"),
    [
        (TeamRole.ADMIN, AccessLevel.OWN),
        (TeamRole.MEMBER, AccessLevel.OWN),
        (TeamRole.VIEWER, AccessLevel.READ),
    ],
)
def test_a_team_share_is_capped_by_the_team_role(
    dashboard, member, organization, team_role, cap, level
):
    user = newcomer(organization)
    team = in_new_team(organization, user, team_role)

    securable_share_with_team(acting_user=member, securable=dashboard, team=team, level=level)

    assert_access(user, dashboard, min(level, cap))


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize(
    ("organization_role", "cap"),
    [
        (OrganizationRole.MEMBER, AccessLevel.OWN),
        (OrganizationRole.VIEWER, AccessLevel.READ),
    ],
)
def test_a_team_share_is_capped_by_the_organization_role_in_the_teams_organization(
    dashboard, member, organization, organization_role, cap, level
):
    user = newcomer(organization, organization_role)
    team = in_new_team(organization, user, TeamRole.ADMIN)

    securable_share_with_team(acting_user=member, securable=dashboard, team=team, level=level)

    assert_access(user, dashboard, min(level, cap))


@pytest.mark.parametrize(
    ("organization_role", "team_role", "level", "expected"),
    [
        (OrganizationRole.MEMBER, TeamRole.MEMBER, AccessLevel.READ, AccessLevel.READ),
        (OrganizationRole.MEMBER, TeamRole.ADMIN, AccessLevel.MODIFY, AccessLevel.MODIFY),
        (OrganizationRole.MEMBER, TeamRole.VIEWER, AccessLevel.OWN, AccessLevel.READ),
        # Capped by the role in the team's organization (Globex), not in Acme.
        (OrganizationRole.VIEWER, TeamRole.ADMIN, AccessLevel.MODIFY, AccessLevel.READ),
        (OrganizationRole.ADMIN, TeamRole.MEMBER, AccessLevel.USE, AccessLevel.USE),
    ],
)
def test_a_share_with_a_team_of_another_organization(
    dashboard, member, other_organization, organization_role, team_role, level, expected
):
    user = newcomer(other_organization, organization_role)
    team = in_new_team(other_organization, user, team_role, name="Partners")

    securable_share_with_team(acting_user=member, securable=dashboard, team=team, level=level)

    assert_access(user, dashboard, expected)


def test_a_team_share_reaches_only_the_teams_members(dashboard, member, organization, outsider):
    insider = newcomer(organization)
    team = in_new_team(organization, insider, TeamRole.MEMBER)
    bystander = newcomer(organization)

    securable_share_with_team(acting_user=member, securable=dashboard, team=team, level="use")

    assert_access(insider, dashboard, AccessLevel.USE)
    assert_access(bystander, dashboard, NO_ACCESS)
    assert_access(outsider, dashboard, NO_ACCESS)


def test_the_highest_source_wins(dashboard, member, organization):
    user = newcomer(organization)
    readers = in_new_team(organization, user, TeamRole.MEMBER, name="Readers")
    editors = in_new_team(organization, user, TeamRole.VIEWER, name="Editors")
    securable_share_with_user(acting_user=member, securable=dashboard, email=user.email, level=1)
    securable_share_with_team(acting_user=member, securable=dashboard, team=readers, level=3)
    securable_share_with_team(acting_user=member, securable=dashboard, team=editors, level=4)

    # Direct read, Readers modify, Editors own capped to read by the team viewer role.
    assert_access(user, dashboard, AccessLevel.MODIFY)


# The done-when scenario of the issue ------------------------------------------------------


def test_a_member_shares_a_dashboard_with_a_colleague_and_another_organizations_team(
    member, organization, other_organization
):
    colleague = newcomer(organization)
    partner = newcomer(other_organization)
    partners = in_new_team(other_organization, partner, TeamRole.MEMBER, name="Partners")
    dashboard = create_dashboard(member, organization)

    securable_share_with_user(
        acting_user=member, securable=dashboard, email=colleague.email.upper(), level="use"
    )
    securable_share_with_team(acting_user=member, securable=dashboard, team=partners, level="read")

    assert [(item.pk, item.access_level) for item in securables_visible_to(colleague)] == [
        (dashboard.pk, AccessLevel.USE)
    ]
    assert [(item.pk, item.access_level) for item in securables_visible_to(partner)] == [
        (dashboard.pk, AccessLevel.READ)
    ]
    with pytest.raises(PermissionDenied):
        securable_for_user(user=partner, securable_id=dashboard.pk, min_level=AccessLevel.USE)


# Guardian's view of the grants, and what never grants access -----------------------------


def test_shares_are_guardian_object_permissions_in_the_direct_tables(
    dashboard, member, organization
):
    user = newcomer(organization)
    team_user = newcomer(organization)
    team = in_new_team(organization, team_user, TeamRole.MEMBER)

    securable_share_with_user(acting_user=member, securable=dashboard, email=user.email, level=2)
    securable_share_with_team(acting_user=member, securable=dashboard, team=team, level=3)

    assert set(get_perms(user, dashboard)) == {"read_securable", "use_securable"}
    assert set(get_perms(team.group, dashboard)) == {
        "read_securable",
        "use_securable",
        "modify_securable",
    }
    assert user.has_perm("organizations.use_securable", dashboard)
    assert not user.has_perm("organizations.modify_securable", dashboard)
    assert dashboard.user_grants.count() == 2
    assert dashboard.team_grants.count() == 3


def test_global_permissions_and_superuser_flags_give_no_access(dashboard, organization):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    globally_permitted = newcomer(organization)
    globally_permitted.user_permissions.add(
        *Permission.objects.filter(codename__endswith="_securable")
    )

    # Django and guardian would let them through...
    assert superuser.has_perm("organizations.own_securable", dashboard)
    # ...the rule does not.
    assert_access(superuser, dashboard, NO_ACCESS)
    assert_access(globally_permitted, dashboard, NO_ACCESS)


def test_inactive_and_anonymous_users_have_no_access(dashboard, member, organization):
    user = newcomer(organization)
    securable_share_with_user(acting_user=member, securable=dashboard, email=user.email, level=4)
    user.is_active = False
    user.save(update_fields=["is_active"])
    member.is_active = False

    assert securable_access_level(user, dashboard) == NO_ACCESS
    assert securable_access_level(member, dashboard) == NO_ACCESS
    assert list(securables_visible_to(AnonymousUser())) == []


# Filters ------------------------------------------------------------------------------------


def test_the_list_filters_by_type_organization_and_minimum_level(
    member, organization, outsider, other_organization
):
    mine = create_dashboard(member, organization, "Mine")
    dataset = securable_create(
        acting_user=member, organization=organization, type="dataset", name={"en": "Orders"}
    )
    globex = create_dashboard(outsider, other_organization, "Shared by Globex")
    securable_share_with_user(acting_user=outsider, securable=globex, email=member.email, level=2)

    def names(**filters):
        return sorted(item.display_name for item in securables_visible_to(member, **filters))

    assert names() == ["Mine", "Orders", "Shared by Globex"]
    assert names(type=SecurableType.DASHBOARD) == ["Mine", "Shared by Globex"]
    assert names(type=SecurableType.DATASET) == ["Orders"]
    assert names(organization=organization) == ["Mine", "Orders"]
    assert names(organization=other_organization) == ["Shared by Globex"]
    assert names(min_level=AccessLevel.USE) == ["Mine", "Orders", "Shared by Globex"]
    assert names(min_level="modify") == ["Mine", "Orders"]
    assert {mine.pk, dataset.pk} <= {item.pk for item in securables_visible_to(member)}


def test_the_minimum_level_applies_the_caps(dashboard, member, organization):
    user = newcomer(organization, OrganizationRole.MEMBER)
    team = in_new_team(organization, user, TeamRole.VIEWER)
    # Others in the same team and organization with higher roles change nothing for them.
    in_new_team(organization, newcomer(organization, OrganizationRole.ADMIN), TeamRole.ADMIN)
    securable_share_with_team(acting_user=member, securable=dashboard, team=team, level=4)

    assert [item.pk for item in securables_visible_to(user, min_level=AccessLevel.READ)] == [
        dashboard.pk
    ]
    assert list(securables_visible_to(user, min_level=AccessLevel.USE)) == []
    viewer = newcomer(organization, OrganizationRole.VIEWER)
    in_new_team(organization, viewer, TeamRole.ADMIN)
    assert list(securables_visible_to(viewer, min_level=AccessLevel.USE)) == []
    assert [item.pk for item in securables_visible_to(viewer)] == [dashboard.pk]


# One query whatever the numbers -----------------------------------------------------------


def fill(owner, member, organization, other_organization, outsider, count: int) -> None:
    """``count`` securables of each kind ``member`` sees: own, shared directly, shared with
    a team of theirs (in their organization and in another), and ``count`` they don't."""
    team = in_new_team(organization, member, TeamRole.MEMBER, name="Bulk")
    add_member(other_organization, member, OrganizationRole.VIEWER, team_role=None)
    partners = in_new_team(other_organization, member, TeamRole.MEMBER, name="Bulk partners")
    for number in range(count):
        create_dashboard(member, organization, f"Own {number}")
        direct = create_dashboard(owner, organization, f"Direct {number}")
        securable_share_with_user(acting_user=owner, securable=direct, email=member.email, level=2)
        shared = create_dashboard(owner, organization, f"Team {number}")
        securable_share_with_team(acting_user=owner, securable=shared, team=team, level=3)
        foreign = create_dashboard(outsider, other_organization, f"Partners {number}")
        securable_share_with_team(acting_user=outsider, securable=foreign, team=partners, level=4)
        create_dashboard(owner, organization, f"Hidden {number}")


@pytest.mark.parametrize("count", [5, 50])
def test_listing_what_a_user_may_see_is_one_query(
    owner, member, organization, other_organization, outsider, count, django_assert_num_queries
):
    fill(owner, member, organization, other_organization, outsider, count)

    with django_assert_num_queries(1):
        page = list(securables_visible_to(member)[:50])
        seen = [(item.display_name, item.organization.slug, item.owner.email) for item in page]
        levels = {item.access_level for item in page}

    assert len(seen) == min(50, 4 * count)
    assert levels <= {AccessLevel.USE, AccessLevel.MODIFY, AccessLevel.READ, AccessLevel.OWN}
    everything = {item.display_name: item.access_level for item in securables_visible_to(member)}
    assert len(everything) == 4 * count
    assert everything["Own 0"] == AccessLevel.OWN
    assert everything["Direct 0"] == AccessLevel.USE
    assert everything["Team 0"] == AccessLevel.MODIFY
    # A Globex viewer: the own-level team share is capped to read.
    assert everything["Partners 0"] == AccessLevel.READ
    assert "Hidden 0" not in everything


@pytest.mark.parametrize("count", [5, 50])
def test_one_securables_level_is_one_query(
    owner, member, organization, other_organization, outsider, count, django_assert_num_queries
):
    fill(owner, member, organization, other_organization, outsider, count)
    target = Securable.objects.get(name__en="Team 0")

    with django_assert_num_queries(1):
        level = securable_access_level(member, target)

    assert level == AccessLevel.MODIFY
