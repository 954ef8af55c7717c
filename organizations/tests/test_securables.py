"""Securable services: create, change, delete, share; what removal, leaving, team and
organization deletion do to them; the shares selector."""

import pytest
from django.contrib.auth.models import Group

from common.errors import InvalidInput, NotFound, PermissionDenied
from organizations.models import (
    AuditAction,
    AuditEvent,
    Securable,
    SecurableGroupObjectPermission,
    SecurableType,
    SecurableUserObjectPermission,
)
from organizations.roles import AccessLevel, OrganizationRole, TeamRole
from organizations.securable_access import NO_ACCESS, securable_access_level
from organizations.selectors.securables import (
    securable_share_level,
    securable_shares,
    securables_visible_to,
)
from organizations.services.membership import membership_leave, membership_remove
from organizations.services.organization import organization_delete
from organizations.services.securable import (
    securable_create,
    securable_delete,
    securable_share_change,
    securable_share_with_team,
    securable_share_with_user,
    securable_unshare,
    securable_update,
)
from organizations.services.team import team_create, team_delete, team_member_add
from organizations.tests.factories import UserFactory, add_member


def create(author, organization, name="Sales", type=SecurableType.DASHBOARD, **fields):
    return securable_create(
        acting_user=author, organization=organization, type=type, name={"en": name}, **fields
    )


@pytest.fixture
def dashboard(member, organization):
    return create(member, organization, contents={"items": []})


@pytest.fixture
def colleague(organization):
    return add_member(organization, UserFactory(name="Carl Colleague"), team_role=None)


@pytest.fixture
def analysts(owner, organization):
    return team_create(acting_user=owner, organization=organization, name="Analysts")


def codenames(rows) -> set[str]:
    return set(rows.values_list("permission__codename", flat=True))


# Create -------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "admin", "member"])
def test_owners_admins_and_members_create_securables_they_own(request, organization, who):
    author = request.getfixturevalue(who)

    securable = create(
        author,
        organization,
        type=SecurableType.DATASET,
        description={"en": "Orders per day", "nl": "Bestellingen per dag"},
        contents={"columns": ["day", "orders"]},
    )

    assert securable.owner == author
    assert securable.organization == organization
    assert securable.type == "dataset"
    assert securable.display_description == "Orders per day"
    assert securable_access_level(author, securable) == AccessLevel.OWN
    event = AuditEvent.objects.get(action=AuditAction.SECURABLE_CREATED)
    assert (event.organization, event.actor) == (organization, author)
    assert event.data["securable_id"] == str(securable.pk)


def test_viewers_cant_create_and_outsiders_get_not_found(viewer, outsider, organization):
    with pytest.raises(PermissionDenied):
        create(viewer, organization)
    with pytest.raises(NotFound):
        create(outsider, organization)
    assert not Securable.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"type": "report"}, "type"),
        ({"name": {"en": "  "}}, "name"),
        ({"name": "Sales"}, "name"),
        ({"contents": ["not", "an", "object"]}, "contents"),
        ({"description": {"de": "Umsatz"}}, "description"),
    ],
)
def test_create_validates_its_input(member, organization, fields, field):
    arguments = {"type": "dashboard", "name": {"en": "Sales"}, **fields}
    with pytest.raises(InvalidInput) as refusal:
        securable_create(acting_user=member, organization=organization, **arguments)
    assert refusal.value.field == field


# Update and delete --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "allowed"),
    [(AccessLevel.READ, False), (AccessLevel.USE, False), (AccessLevel.MODIFY, True)],
)
def test_modify_level_is_needed_to_change_it(dashboard, member, colleague, level, allowed):
    securable_share_with_user(
        acting_user=member, securable=dashboard, email=colleague.email, level=level
    )

    def change():
        return securable_update(
            acting_user=colleague,
            securable=dashboard,
            name={"en": "Sales 2026", "fr": "Ventes 2026"},
            contents={"items": [1]},
        )

    if not allowed:
        with pytest.raises(PermissionDenied):
            change()
        return
    change()
    dashboard.refresh_from_db()
    assert dashboard.name == {"en": "Sales 2026", "fr": "Ventes 2026"}
    assert dashboard.contents == {"items": [1]}
    event = AuditEvent.objects.get(action=AuditAction.SECURABLE_UPDATED)
    assert event.data["fields"] == ["contents", "name"]


def test_an_unchanged_update_writes_nothing(dashboard, member):
    securable_update(acting_user=member, securable=dashboard, name={"en": "Sales"})
    assert not AuditEvent.objects.filter(action=AuditAction.SECURABLE_UPDATED).exists()


def test_those_who_cant_see_it_get_not_found(dashboard, colleague, outsider):
    for user in (colleague, outsider):
        with pytest.raises(NotFound):
            securable_update(acting_user=user, securable=dashboard, name={"en": "Mine"})
        with pytest.raises(NotFound):
            securable_delete(acting_user=user, securable=dashboard)


@pytest.mark.parametrize("who", ["member", "owner", "admin", "own-level share"])
def test_own_level_deletes_it_with_its_shares(request, dashboard, member, colleague, analysts, who):
    securable_share_with_team(acting_user=member, securable=dashboard, team=analysts, level=2)
    securable_share_with_user(
        acting_user=member, securable=dashboard, email=colleague.email, level=4
    )
    user = colleague if who == "own-level share" else request.getfixturevalue(who)

    securable_delete(acting_user=user, securable=dashboard)

    assert not Securable.objects.exists()
    assert not SecurableUserObjectPermission.objects.exists()
    assert not SecurableGroupObjectPermission.objects.exists()
    event = AuditEvent.objects.get(action=AuditAction.SECURABLE_DELETED)
    assert event.actor == user
    assert event.data["owner"] == member.email


def test_modify_level_cant_delete(dashboard, member, colleague):
    securable_share_with_user(
        acting_user=member, securable=dashboard, email=colleague.email, level=3
    )
    with pytest.raises(PermissionDenied):
        securable_delete(acting_user=colleague, securable=dashboard)
    assert Securable.objects.exists()


# Sharing ------------------------------------------------------------------------------------


def test_a_share_stores_the_level_and_every_level_below(dashboard, member, colleague, analysts):
    securable_share_with_user(
        acting_user=member, securable=dashboard, email=colleague.email, level="modify"
    )
    securable_share_with_team(acting_user=member, securable=dashboard, team=analysts, level=2)

    assert codenames(dashboard.user_grants.filter(user=colleague)) == {
        "read_securable",
        "use_securable",
        "modify_securable",
    }
    assert codenames(dashboard.team_grants.filter(group=analysts.group)) == {
        "read_securable",
        "use_securable",
    }
    (shared,) = AuditEvent.objects.filter(
        action=AuditAction.SECURABLE_SHARED, target_user=colleague
    )
    assert shared.data["level"] == "modify"
    team_event = AuditEvent.objects.get(action=AuditAction.SECURABLE_SHARED, target_user=None)
    assert team_event.data["team_id"] == str(analysts.pk)


def test_sharing_again_or_changing_sets_the_new_level(dashboard, member, colleague, analysts):
    securable_share_with_user(
        acting_user=member, securable=dashboard, email=colleague.email, level=4
    )
    securable_share_with_user(
        acting_user=member, securable=dashboard, email=colleague.email, level=2
    )
    assert securable_share_level(dashboard, user=colleague) == AccessLevel.USE
    assert codenames(dashboard.user_grants.all()) == {"read_securable", "use_securable"}

    securable_share_with_team(acting_user=member, securable=dashboard, team=analysts, level=1)
    securable_share_change(acting_user=member, securable=dashboard, team=analysts, level="own")
    assert securable_share_level(dashboard, team=analysts) == AccessLevel.OWN
    assert dashboard.team_grants.count() == 4

    changes = AuditEvent.objects.filter(action=AuditAction.SECURABLE_SHARE_CHANGED)
    assert sorted((event.data["from"], event.data["level"]) for event in changes) == [
        ("own", "use"),
        ("read", "own"),
    ]
    # Setting the same level again writes nothing.
    securable_share_change(acting_user=member, securable=dashboard, user=colleague, level=2)
    assert changes.count() == 2


def test_changing_or_revoking_a_share_that_does_not_exist_is_not_found(
    dashboard, member, colleague, analysts
):
    with pytest.raises(NotFound):
        securable_share_change(acting_user=member, securable=dashboard, user=colleague, level=2)
    with pytest.raises(NotFound):
        securable_unshare(acting_user=member, securable=dashboard, team=analysts)


def test_revoking_a_share_removes_every_level(dashboard, member, colleague, analysts):
    securable_share_with_user(
        acting_user=member, securable=dashboard, email=colleague.email, level=3
    )
    securable_share_with_team(acting_user=member, securable=dashboard, team=analysts, level=4)

    securable_unshare(acting_user=member, securable=dashboard, user=colleague)
    securable_unshare(acting_user=member, securable=dashboard, team=analysts)

    assert not dashboard.user_grants.exists()
    assert not dashboard.team_grants.exists()
    assert securable_access_level(colleague, dashboard) == NO_ACCESS
    assert AuditEvent.objects.filter(action=AuditAction.SECURABLE_UNSHARED).count() == 2


@pytest.mark.parametrize("level", [AccessLevel.READ, AccessLevel.USE, AccessLevel.MODIFY])
def test_only_own_level_may_share(dashboard, member, colleague, level):
    securable_share_with_user(
        acting_user=member, securable=dashboard, email=colleague.email, level=level
    )
    third = UserFactory()
    with pytest.raises(PermissionDenied):
        securable_share_with_user(
            acting_user=colleague, securable=dashboard, email=third.email, level=1
        )
    with pytest.raises(PermissionDenied):
        securable_unshare(acting_user=colleague, securable=dashboard, user=colleague)


def test_own_level_re_shares(dashboard, member, colleague, outsider):
    securable_share_with_user(
        acting_user=member, securable=dashboard, email=colleague.email, level=4
    )

    securable_share_with_user(
        acting_user=colleague, securable=dashboard, email=outsider.email, level=1
    )

    assert securable_access_level(outsider, dashboard) == AccessLevel.READ


def test_organization_managers_may_share_any_securable(dashboard, admin, colleague):
    securable_share_with_user(
        acting_user=admin, securable=dashboard, email=colleague.email, level=2
    )
    assert securable_access_level(colleague, dashboard) == AccessLevel.USE


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("nobody@example.test", "No user has the e-mail address nobody@example.test."),
        ("", "No user has the e-mail address ."),
    ],
)
def test_sharing_with_an_unknown_address_is_refused(dashboard, member, email, message):
    with pytest.raises(InvalidInput) as refusal:
        securable_share_with_user(acting_user=member, securable=dashboard, email=email, level=1)
    assert str(refusal.value) == message
    assert refusal.value.field == "email"


def test_sharing_with_oneself_or_the_owner_is_refused(dashboard, member, admin):
    with pytest.raises(InvalidInput):
        securable_share_with_user(
            acting_user=member, securable=dashboard, email=member.email, level=1
        )
    with pytest.raises(InvalidInput):
        securable_share_with_user(
            acting_user=admin, securable=dashboard, email=member.email, level=1
        )
    with pytest.raises(InvalidInput):
        securable_share_with_user(
            acting_user=admin, securable=dashboard, email=admin.email, level=1
        )


@pytest.mark.parametrize("level", [0, 5, "write", None, "2.5"])
def test_an_unknown_level_is_refused(dashboard, member, colleague, level):
    with pytest.raises(InvalidInput) as refusal:
        securable_share_with_user(
            acting_user=member, securable=dashboard, email=colleague.email, level=level
        )
    assert refusal.value.field == "level"
    assert not dashboard.user_grants.exists()


def test_a_share_needs_exactly_one_target(dashboard, member, colleague, analysts):
    with pytest.raises(InvalidInput):
        securable_share_change(acting_user=member, securable=dashboard, level=1)
    with pytest.raises(InvalidInput):
        securable_unshare(acting_user=member, securable=dashboard, user=colleague, team=analysts)


def test_a_non_operator_cant_act_as_operator(dashboard, admin, colleague):
    with pytest.raises(PermissionDenied):
        securable_share_with_user(
            acting_user=admin,
            securable=dashboard,
            email=colleague.email,
            level=1,
            as_operator=True,
        )


# The shares selector ------------------------------------------------------------------------


def test_shares_list_users_and_teams_with_their_level_in_two_queries(
    dashboard, member, colleague, analysts, outsider, other_organization, django_assert_num_queries
):
    globex_team = other_organization.teams.get()
    securable_share_with_user(
        acting_user=member, securable=dashboard, email=colleague.email, level=2
    )
    securable_share_with_user(
        acting_user=member, securable=dashboard, email=outsider.email, level=1
    )
    securable_share_with_team(acting_user=member, securable=dashboard, team=analysts, level=3)
    securable_share_with_team(acting_user=member, securable=dashboard, team=globex_team, level=4)

    with django_assert_num_queries(2):
        shares = securable_shares(dashboard)
        users = [(user.email, user.level) for user in shares.users]
        teams = [(team.organization.display_name, team.name, team.level) for team in shares.teams]

    assert users == [(colleague.email, 2), (outsider.email, 1)]
    assert teams == [("Acme", "Analysts", 3), ("Globex", "My Team", 4)]


# Removing a member, leaving -----------------------------------------------------------------


@pytest.fixture
def members_world(owner, admin, member, colleague, organization, outsider, other_organization):
    """Mia Member's securables in Acme and Globex, shares she holds in both, and a team
    share that reaches her."""
    add_member(other_organization, member, OrganizationRole.MEMBER, team_role=TeamRole.MEMBER)
    own_acme = [create(member, organization, f"Mia {number}") for number in range(3)]
    own_globex = create(member, other_organization, "Mia at Globex")
    shared_to_her = create(colleague, organization, "Carl's")
    securable_share_with_user(
        acting_user=colleague, securable=shared_to_her, email=member.email, level=3
    )
    # The owner was given one of Mia's dashboards: once she owns it, the share is moot.
    securable_share_with_user(acting_user=member, securable=own_acme[0], email=owner.email, level=1)
    # Mia shared one of hers with Carl: he keeps it whoever owns it.
    securable_share_with_user(
        acting_user=member, securable=own_acme[1], email=colleague.email, level=2
    )
    team = organization.teams.get(name="My Team")
    team_shared = create(admin, organization, "Team's")
    securable_share_with_team(acting_user=admin, securable=team_shared, team=team, level=2)
    globex_shared = create(outsider, other_organization, "Otto's")
    securable_share_with_user(
        acting_user=outsider, securable=globex_shared, email=member.email, level=1
    )
    return {
        "own_acme": own_acme,
        "own_globex": own_globex,
        "shared_to_her": shared_to_her,
        "team_shared": team_shared,
        "globex_shared": globex_shared,
    }


def assert_detached_from_acme(member, owner, colleague, organization, world, before: int) -> None:
    # Nothing is lost.
    assert Securable.objects.count() == before
    # Hers in Acme pass to Acme's owner; hers at Globex stay hers.
    for securable in world["own_acme"]:
        securable.refresh_from_db()
        assert securable.owner == owner
    world["own_globex"].refresh_from_db()
    assert world["own_globex"].owner == member
    # No share of an Acme securable is left for her, nor the owner's moot one.
    assert not SecurableUserObjectPermission.objects.filter(
        user=member, content_object__organization=organization
    ).exists()
    assert not SecurableUserObjectPermission.objects.filter(user=owner).exists()
    # Carl keeps what she shared with him.
    assert securable_access_level(colleague, world["own_acme"][1]) == AccessLevel.USE
    # She sees nothing of Acme any more, team shares included; Globex's still.
    visible = {securable.pk for securable in securables_visible_to(member)}
    assert visible == {world["own_globex"].pk, world["globex_shared"].pk}


def test_removal_hands_securables_to_the_owner_and_revokes_shares(
    owner, member, colleague, organization, members_world
):
    before = Securable.objects.count()

    membership_remove(acting_user=owner, membership=organization.memberships.get(user=member))

    assert_detached_from_acme(member, owner, colleague, organization, members_world, before)
    event = AuditEvent.objects.get(action=AuditAction.MEMBER_REMOVED)
    assert event.data["securables_transferred"] == 3
    assert event.data["shares_revoked"] == 1


def test_leaving_has_the_same_consequences(owner, member, colleague, organization, members_world):
    before = Securable.objects.count()

    membership_leave(acting_user=member, organization=organization)

    assert_detached_from_acme(member, owner, colleague, organization, members_world, before)
    event = AuditEvent.objects.get(action=AuditAction.MEMBER_LEFT)
    assert event.data["securables_transferred"] == 3
    assert event.data["shares_revoked"] == 1


# Team and organization deletion -------------------------------------------------------------


def test_deleting_a_team_removes_its_shares(owner, member, colleague, organization, analysts):
    team_member_add(acting_user=owner, team=analysts, user=colleague, role=TeamRole.MEMBER)
    shared = [create(member, organization, f"Shared {number}") for number in range(2)]
    for securable in shared:
        securable_share_with_team(acting_user=member, securable=securable, team=analysts, level=3)
    group_id = analysts.group_id
    assert SecurableGroupObjectPermission.objects.filter(group_id=group_id).count() == 6
    assert securable_access_level(colleague, shared[0]) == AccessLevel.MODIFY

    team_delete(acting_user=owner, team=analysts)

    assert not Group.objects.filter(pk=group_id).exists()
    assert not SecurableGroupObjectPermission.objects.exists()
    assert Securable.objects.count() == 2
    assert securable_access_level(colleague, shared[0]) == NO_ACCESS
    event = AuditEvent.objects.get(action=AuditAction.TEAM_DELETED)
    assert event.data["shares_revoked"] == 2


def test_deleting_an_organization_deletes_its_securables_and_their_shares(
    owner, member, organization, outsider, other_organization
):
    acme = create(member, organization)
    securable_share_with_user(acting_user=member, securable=acme, email=outsider.email, level=1)
    globex = create(outsider, other_organization, "Globex")
    securable_share_with_team(
        acting_user=outsider, securable=globex, team=organization.teams.get(), level=1
    )

    organization_delete(acting_user=owner, organization=organization)

    assert list(Securable.objects.all()) == [globex]
    assert not SecurableUserObjectPermission.objects.exists()
    assert not SecurableGroupObjectPermission.objects.exists()
