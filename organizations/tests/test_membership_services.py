"""Membership services: change role, remove, leave, switch the active organization."""

import pytest
from django.contrib.auth import authenticate

from accounts.models import User
from common.errors import InvalidInput, NotFound, PermissionDenied
from common.request_context import client_ip
from organizations.models import (
    AuditAction,
    AuditEvent,
    Invitation,
    InvitationStatus,
    Membership,
    TeamMembership,
)
from organizations.roles import OrganizationRole, TeamRole
from organizations.selectors.organizations import organization_for_member
from organizations.services.invitation import invitation_create
from organizations.services.membership import (
    ERR_OWN_ROLE,
    membership_change_role,
    membership_leave,
    membership_remove,
    user_switch_active_organization,
)
from organizations.services.team import team_create, team_member_add
from organizations.tests.factories import UserFactory, add_member
from organizations.tests.snapshots import database_snapshot

PASSWORD = "correct horse battery"


def membership(user, organization) -> Membership:
    return Membership.objects.get(user=user, organization=organization)


def role_of(user, organization) -> str:
    return membership(user, organization).role


@pytest.fixture
def second_admin(organization):
    return add_member(organization, UserFactory(name="Ada Second"), OrganizationRole.ADMIN)


# membership_change_role


@pytest.mark.parametrize(
    ("acting", "new_role"),
    [
        ("owner", OrganizationRole.ADMIN),
        ("admin", OrganizationRole.MEMBER),
        ("member", OrganizationRole.VIEWER),
        ("viewer", OrganizationRole.MEMBER),
    ],
)
def test_nobody_changes_their_own_role(request, organization, acting, new_role):
    acting_user = request.getfixturevalue(acting)
    before = database_snapshot()

    with pytest.raises(PermissionDenied) as refusal:
        membership_change_role(
            acting_user=acting_user,
            membership=membership(acting_user, organization),
            role=new_role,
        )

    # The clear reason, not a generic refusal.
    assert str(refusal.value) == str(ERR_OWN_ROLE)
    assert database_snapshot() == before


@pytest.mark.parametrize("target", ["second_admin", "owner"])
@pytest.mark.parametrize(
    "new_role", [OrganizationRole.MEMBER, OrganizationRole.VIEWER, OrganizationRole.ADMIN]
)
def test_admin_cannot_act_on_an_admin_or_the_owner(request, organization, admin, target, new_role):
    target_user = request.getfixturevalue(target)
    before = database_snapshot()

    with pytest.raises(PermissionDenied):
        membership_change_role(
            acting_user=admin, membership=membership(target_user, organization), role=new_role
        )

    assert database_snapshot() == before


def test_admin_promotes_a_member_to_admin(organization, admin, member):
    with client_ip("203.0.113.7"):
        result = membership_change_role(
            acting_user=admin,
            membership=membership(member, organization),
            role=OrganizationRole.ADMIN,
        )

    assert result.role == OrganizationRole.ADMIN
    assert role_of(member, organization) == OrganizationRole.ADMIN
    event = AuditEvent.objects.get(action=AuditAction.MEMBER_ROLE_CHANGED)
    assert event.organization == organization
    assert (event.actor, event.target_user) == (admin, member)
    assert event.target_email == member.email
    assert event.data == {"from": "member", "to": "admin"}
    assert event.ip_address == "203.0.113.7"


@pytest.mark.parametrize(
    ("target", "new_role"),
    [("member", OrganizationRole.VIEWER), ("viewer", OrganizationRole.MEMBER)],
)
def test_admin_changes_members_and_viewers(request, organization, admin, target, new_role):
    target_user = request.getfixturevalue(target)
    membership_change_role(
        acting_user=admin, membership=membership(target_user, organization), role=new_role
    )
    assert role_of(target_user, organization) == new_role


@pytest.mark.parametrize("acting", ["owner", "admin"])
def test_nobody_grants_owner_by_changing_a_role(request, organization, member, acting):
    acting_user = request.getfixturevalue(acting)
    before = database_snapshot()

    with pytest.raises(PermissionDenied):
        membership_change_role(
            acting_user=acting_user,
            membership=membership(member, organization),
            role=OrganizationRole.OWNER,
        )

    assert database_snapshot() == before


def test_owner_demotes_an_admin(owner, organization, admin):
    membership_change_role(
        acting_user=owner,
        membership=membership(admin, organization),
        role=OrganizationRole.VIEWER,
    )
    assert role_of(admin, organization) == OrganizationRole.VIEWER
    assert role_of(owner, organization) == OrganizationRole.OWNER


@pytest.mark.parametrize(
    "new_role", [OrganizationRole.ADMIN, OrganizationRole.MEMBER, OrganizationRole.VIEWER]
)
def test_the_owner_role_changes_only_by_transfer(owner, organization, admin, new_role):
    # Neither an admin nor the owner themselves can demote the owner.
    before = database_snapshot()
    for acting_user in (admin, owner):
        with pytest.raises(PermissionDenied):
            membership_change_role(
                acting_user=acting_user,
                membership=membership(owner, organization),
                role=new_role,
            )
    assert database_snapshot() == before
    assert role_of(owner, organization) == OrganizationRole.OWNER


@pytest.mark.parametrize("bad_role", ["superuser", "", "Admin", None])
def test_an_invalid_role_is_refused(owner, organization, member, bad_role):
    before = database_snapshot()
    with pytest.raises(InvalidInput) as refusal:
        membership_change_role(
            acting_user=owner, membership=membership(member, organization), role=bad_role
        )
    assert refusal.value.field == "role"
    assert database_snapshot() == before


@pytest.mark.parametrize(
    ("acting", "target", "new_role"),
    [
        ("member", "viewer", OrganizationRole.MEMBER),
        ("member", "viewer", OrganizationRole.VIEWER),
        ("viewer", "member", OrganizationRole.VIEWER),
        ("member", "admin", OrganizationRole.MEMBER),
    ],
)
def test_members_and_viewers_cannot_change_roles(request, organization, acting, target, new_role):
    acting_user = request.getfixturevalue(acting)
    target_user = request.getfixturevalue(target)
    before = database_snapshot()

    with pytest.raises(PermissionDenied):
        membership_change_role(
            acting_user=acting_user,
            membership=membership(target_user, organization),
            role=new_role,
        )

    assert database_snapshot() == before


def test_a_membership_of_another_organization_is_not_found(
    owner, organization, outsider, other_organization
):
    globex_member = add_member(other_organization, UserFactory())
    before = database_snapshot()

    with pytest.raises(NotFound):
        membership_change_role(
            acting_user=owner,
            membership=membership(globex_member, other_organization),
            role=OrganizationRole.VIEWER,
        )

    assert database_snapshot() == before


def test_an_outsider_cannot_change_roles_in_the_organization(organization, member, outsider):
    before = database_snapshot()
    with pytest.raises(NotFound):
        membership_change_role(
            acting_user=outsider, membership=membership(member, organization), role="viewer"
        )
    with pytest.raises(NotFound):
        membership_remove(acting_user=outsider, membership=membership(member, organization))
    assert database_snapshot() == before


def test_keeping_the_same_role_writes_nothing(owner, organization, member):
    before = database_snapshot()
    membership_change_role(
        acting_user=owner, membership=membership(member, organization), role="member"
    )
    assert database_snapshot() == before


# membership_remove


@pytest.mark.parametrize("acting", ["owner", "admin"])
def test_the_owner_cannot_be_removed(request, owner, organization, acting):
    acting_user = request.getfixturevalue(acting)
    before = database_snapshot()

    with pytest.raises(PermissionDenied):
        membership_remove(acting_user=acting_user, membership=membership(owner, organization))

    assert database_snapshot() == before


def test_an_admin_cannot_remove_another_admin(organization, admin, second_admin):
    before = database_snapshot()
    with pytest.raises(PermissionDenied):
        membership_remove(acting_user=admin, membership=membership(second_admin, organization))
    assert database_snapshot() == before


def test_an_admin_cannot_remove_themselves(organization, admin):
    before = database_snapshot()
    with pytest.raises(PermissionDenied):
        membership_remove(acting_user=admin, membership=membership(admin, organization))
    assert database_snapshot() == before


@pytest.mark.parametrize(
    ("acting", "target"), [("member", "viewer"), ("viewer", "member"), ("member", "admin")]
)
def test_members_and_viewers_cannot_remove_anyone(request, organization, acting, target):
    acting_user = request.getfixturevalue(acting)
    target_user = request.getfixturevalue(target)
    before = database_snapshot()

    with pytest.raises(PermissionDenied):
        membership_remove(acting_user=acting_user, membership=membership(target_user, organization))

    assert database_snapshot() == before


def test_removing_a_membership_of_another_organization_is_not_found(
    admin, organization, other_organization
):
    globex_member = add_member(other_organization, UserFactory())
    before = database_snapshot()

    with pytest.raises(NotFound):
        membership_remove(
            acting_user=admin, membership=membership(globex_member, other_organization)
        )

    assert database_snapshot() == before


@pytest.fixture
def admin_with_ties(owner, organization, admin, other_organization, outsider):
    """The admin: in two Acme teams, invited people to Acme, and also an admin of Globex
    (in a Globex team, with an invitation of their own there)."""
    data_team = team_create(acting_user=owner, organization=organization, name="Data")
    team_member_add(acting_user=owner, team=data_team, user=admin, role=TeamRole.ADMIN)
    invitation_create(acting_user=admin, organization=organization, email="one@example.test")
    invitation_create(acting_user=admin, organization=organization, email="two@example.test")
    add_member(other_organization, admin, OrganizationRole.ADMIN)
    invitation_create(
        acting_user=admin, organization=other_organization, email="globex@example.test"
    )
    return admin


def _team_group_ids(organization):
    return set(organization.teams.values_list("group_id", flat=True))


def test_removal_takes_the_member_out_of_this_organization_only(
    owner, organization, admin_with_ties, other_organization, member
):
    admin = admin_with_ties
    acme_groups = _team_group_ids(organization)
    globex_groups = _team_group_ids(other_organization)
    assert TeamMembership.objects.filter(user=admin, team__organization=organization).count() == 2
    assert set(admin.groups.values_list("pk", flat=True)) == acme_groups | globex_groups
    globex_team_memberships = list(
        TeamMembership.objects.filter(user=admin, team__organization=other_organization).values()
    )
    assert globex_team_memberships
    # An invitation of someone else stays pending.
    invitation_create(acting_user=owner, organization=organization, email="three@example.test")
    admin.refresh_from_db()
    assert admin.active_organization == organization

    with client_ip("203.0.113.7"):
        membership_remove(acting_user=owner, membership=membership(admin, organization))

    assert not Membership.objects.filter(user=admin, organization=organization).exists()
    # Their teams here are gone, with their place in the teams' permission groups.
    assert not TeamMembership.objects.filter(user=admin, team__organization=organization).exists()
    assert set(admin.groups.values_list("pk", flat=True)) == globex_groups
    # Other members of those teams keep their place.
    assert member.groups.filter(pk__in=acme_groups).exists()
    # Their place in Globex is kept.
    assert role_of(admin, other_organization) == OrganizationRole.ADMIN
    assert (
        list(
            TeamMembership.objects.filter(
                user=admin, team__organization=other_organization
            ).values()
        )
        == globex_team_memberships
    )
    # Pending invitations they sent to Acme are revoked; elsewhere and by others, kept.
    statuses = dict(Invitation.objects.values_list("email", "status"))
    assert statuses == {
        "one@example.test": InvitationStatus.REVOKED,
        "two@example.test": InvitationStatus.REVOKED,
        "three@example.test": InvitationStatus.PENDING,
        "globex@example.test": InvitationStatus.PENDING,
    }
    assert not Invitation.objects.filter(
        status=InvitationStatus.REVOKED, revoked_at__isnull=True
    ).exists()
    # Their active organization moves to the one they still have.
    admin.refresh_from_db()
    assert admin.active_organization == other_organization

    event = AuditEvent.objects.get(action=AuditAction.MEMBER_REMOVED)
    assert event.organization == organization
    assert event.actor == owner
    assert event.actor_email == owner.email
    assert event.target_user == admin
    assert event.target_email == admin.email
    assert event.ip_address == "203.0.113.7"
    assert event.data == {
        "role": "admin",
        "team_memberships_removed": 2,
        "invitations_revoked": 2,
        "securables_transferred": 0,
        "shares_revoked": 0,
    }


def test_removal_keeps_another_active_organization(owner, organization, member, outsider):
    add_member(organization, outsider)
    outsider.refresh_from_db()
    globex = outsider.active_organization
    assert globex != organization

    membership_remove(acting_user=owner, membership=membership(outsider, organization))

    outsider.refresh_from_db()
    assert outsider.active_organization == globex


@pytest.mark.parametrize("acting", ["owner", "admin"])
def test_a_user_removed_from_their_last_organization_can_still_log_in(
    request, organization, member, acting
):
    acting_user = request.getfixturevalue(acting)

    membership_remove(acting_user=acting_user, membership=membership(member, organization))

    member.refresh_from_db()
    assert not member.memberships.exists()
    assert member.active_organization is None
    assert authenticate(username=member.email.upper(), password=PASSWORD) == member
    assert authenticate(username=member.email, password="wrong password") is None
    # ...but Acme is out of their reach now.
    with pytest.raises(NotFound):
        organization_for_member(user=member, organization_id=organization.pk)


# membership_leave


def test_the_owner_cannot_leave(owner, organization, admin):
    before = database_snapshot()
    with pytest.raises(PermissionDenied):
        membership_leave(acting_user=owner, organization=organization)
    assert database_snapshot() == before


def test_an_outsider_cannot_leave_an_organization_they_are_not_in(organization, outsider):
    before = database_snapshot()
    with pytest.raises(NotFound):
        membership_leave(acting_user=outsider, organization=organization)
    assert database_snapshot() == before


@pytest.mark.parametrize("leaving", ["member", "viewer"])
def test_members_and_viewers_leave(request, organization, leaving):
    user = request.getfixturevalue(leaving)
    acme_groups = _team_group_ids(organization)
    assert user.groups.filter(pk__in=acme_groups).exists()

    with client_ip("203.0.113.7"):
        membership_leave(acting_user=user, organization=organization)

    assert not Membership.objects.filter(user=user, organization=organization).exists()
    assert not TeamMembership.objects.filter(user=user).exists()
    assert not user.groups.exists()
    user.refresh_from_db()
    assert user.active_organization is None
    assert authenticate(username=user.email.upper(), password=PASSWORD) == user
    event = AuditEvent.objects.get(action=AuditAction.MEMBER_LEFT)
    assert (event.organization, event.actor, event.target_user) == (organization, user, user)
    assert event.ip_address == "203.0.113.7"
    assert event.data["role"] == leaving


def test_an_admin_leaves_with_the_same_consequences_as_a_removal(
    organization, admin_with_ties, other_organization
):
    admin = admin_with_ties
    globex_groups = _team_group_ids(other_organization)

    membership_leave(acting_user=admin, organization=organization)

    assert not Membership.objects.filter(user=admin, organization=organization).exists()
    assert not TeamMembership.objects.filter(user=admin, team__organization=organization).exists()
    assert TeamMembership.objects.filter(user=admin, team__organization=other_organization).exists()
    assert set(admin.groups.values_list("pk", flat=True)) == globex_groups
    statuses = dict(Invitation.objects.values_list("email", "status"))
    assert statuses == {
        "one@example.test": InvitationStatus.REVOKED,
        "two@example.test": InvitationStatus.REVOKED,
        "globex@example.test": InvitationStatus.PENDING,
    }
    admin.refresh_from_db()
    assert admin.active_organization == other_organization
    event = AuditEvent.objects.get(action=AuditAction.MEMBER_LEFT)
    assert event.data == {
        "role": "admin",
        "team_memberships_removed": 2,
        "invitations_revoked": 2,
        "securables_transferred": 0,
        "shares_revoked": 0,
    }


def test_leaving_a_non_active_organization_keeps_the_active_one(
    organization, member, other_organization
):
    add_member(other_organization, member)
    user_switch_active_organization(acting_user=member, organization=organization)

    membership_leave(acting_user=member, organization=other_organization)

    member.refresh_from_db()
    assert member.active_organization == organization
    assert role_of(member, organization) == OrganizationRole.MEMBER


# user_switch_active_organization


def test_a_member_switches_their_active_organization(organization, member, other_organization):
    add_member(other_organization, member)
    member.refresh_from_db()
    assert member.active_organization == organization

    user_switch_active_organization(acting_user=member, organization=other_organization)

    assert User.objects.get(pk=member.pk).active_organization == other_organization
    user_switch_active_organization(acting_user=member, organization=organization)
    assert User.objects.get(pk=member.pk).active_organization == organization


def test_a_non_member_cannot_switch_to_an_organization(organization, member, other_organization):
    before = database_snapshot()

    with pytest.raises(NotFound):
        user_switch_active_organization(acting_user=member, organization=other_organization)

    assert database_snapshot() == before
    assert User.objects.get(pk=member.pk).active_organization == organization
