"""Users created straight into an organization or with one of their own, members' roles
set whatever the role (owner by transfer), and the owner editing members' profiles: the
services behind the Core API's users (Luzmo's rules, PRODUCT.md's Core API paragraph)."""

import pytest

from accounts.models import User
from common.errors import InvalidInput, NotFound, PermissionDenied
from organizations.models import AuditAction, AuditEvent, Membership
from organizations.roles import OrganizationRole, TeamRole
from organizations.selectors.members import organization_deciding_rights_over
from organizations.services.membership import (
    member_profile_update,
    user_create_in_organization,
    user_switch_active_organization,
)
from organizations.services.organization import (
    organization_create,
    organization_member_set_role,
    user_create_with_organization,
)
from organizations.tests.factories import add_member, plan

OWNER, ADMIN, MEMBER, VIEWER = "owner", "admin", "member", "viewer"


def test_the_owner_creates_a_member_in_the_first_team(owner, organization):
    user = user_create_in_organization(
        acting_user=owner, organization=organization, email=" New@Acme.test ", role=ADMIN
    )

    assert (user.email, user.name) == ("new@acme.test", "new")
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert (membership.organization, membership.role) == (organization, ADMIN)
    team = organization.teams.order_by("created_at").first()
    assert team.memberships.get(user=user).role == TeamRole.MEMBER
    assert user.groups.filter(pk=team.group_id).exists()
    event = AuditEvent.objects.get(action=AuditAction.MEMBER_JOINED)
    assert (event.actor, event.target_user, event.data["role"]) == (owner, user, ADMIN)


@pytest.mark.parametrize("role", [OrganizationRole.ADMIN, OrganizationRole.MEMBER])
def test_only_the_owner_creates_users(organization, admin, member, role):
    acting = admin if role == OrganizationRole.ADMIN else member
    with pytest.raises(PermissionDenied):
        user_create_in_organization(
            acting_user=acting, organization=organization, email="x@acme.test"
        )
    assert not User.objects.filter(email="x@acme.test").exists()


def test_outsiders_cannot_create_users_in_the_organization(organization, outsider):
    with pytest.raises(NotFound):
        user_create_in_organization(
            acting_user=outsider, organization=organization, email="x@acme.test"
        )


def test_the_seats_of_the_plan_count_pending_invitations_too(owner, organization):
    organization.plan = plan("free")
    organization.save(update_fields=["plan"])
    for number in range(4):
        user_create_in_organization(
            acting_user=owner, organization=organization, email=f"u{number}@acme.test"
        )
    with pytest.raises(InvalidInput, match="5 seats"):
        user_create_in_organization(
            acting_user=owner, organization=organization, email="sixth@acme.test"
        )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"email": "nope"}, "email"),
        ({"email": "olivia@ACME.test"}, "email"),
        ({"email": "a@acme.test", "role": OWNER}, "role"),
        ({"email": "a@acme.test", "password": "short"}, "password"),
        ({"email": "a@acme.test", "locale": "xx"}, "locale"),
        ({"email": "a@acme.test", "country": "XX"}, "country"),
        ({"email": "a@acme.test", "city": "x" * 101}, "city"),
    ],
)
def test_invalid_profiles_are_refused_field_by_field(owner, organization, fields, field):
    with pytest.raises(InvalidInput) as raised:
        user_create_in_organization(acting_user=owner, organization=organization, **fields)
    assert raised.value.field == field


def test_a_user_created_without_an_organization_owns_a_new_one(db):
    user = user_create_with_organization(
        email="fay@startup.test", name="Fay", password="a good long password 7", country="NL"
    )

    membership = Membership.objects.select_related("organization").get(user=user)
    organization = membership.organization
    assert membership.role == OrganizationRole.OWNER
    assert (organization.name, organization.region, organization.country.code) == (
        {"en": "Fay's organization"},
        "EU",
        "NL",
    )
    assert organization.plan.code == "free"
    assert user.active_organization == organization
    assert user.check_password("a good long password 7")


def test_flag_own_transfers_ownership_and_non_members_are_refused(
    owner, organization, member, outsider
):
    # Through the Core API: flagOwn asks for the owner role (test_coreapi_flags), and a
    # non-member's association is refused by the link (test_coreapi,
    # test_users_join_existing_organizations_by_invitation_only).
    organization_member_set_role(
        acting_user=owner,
        membership=Membership.objects.get(organization=organization, user=member),
        role=OWNER,
    )
    roles = dict(Membership.objects.filter(organization=organization).values_list("user", "role"))
    assert (roles[member.pk], roles[owner.pk]) == (OWNER, ADMIN)


def test_setting_a_members_role_follows_the_role_rules(owner, organization, member, admin):
    membership = Membership.objects.get(organization=organization, user=member)

    assert (
        organization_member_set_role(acting_user=admin, membership=membership, role=MEMBER)
        == membership
    )
    organization_member_set_role(acting_user=admin, membership=membership, role=VIEWER)
    assert Membership.objects.get(pk=membership.pk).role == VIEWER
    with pytest.raises(PermissionDenied):
        organization_member_set_role(acting_user=admin, membership=membership, role=OWNER)


def test_the_owner_edits_members_profiles_admins_do_not(owner, organization, member, admin):
    member_profile_update(
        acting_user=owner,
        organization=organization,
        user=member,
        name="Mia",
        city="Gent",
        locale="fr",
        country="BE",
    )
    member.refresh_from_db()
    assert (member.name, member.city, member.locale, member.country.code) == (
        "Mia",
        "Gent",
        "fr",
        "BE",
    )
    with pytest.raises(PermissionDenied):
        member_profile_update(
            acting_user=admin,
            organization=organization,
            user=member,
            name="X",
            city="",
            locale="",
            country="",
        )


def test_without_an_organization_the_shared_one_decides(
    owner, organization, member, admin, outsider
):
    member_profile_update(
        acting_user=owner, user=member, name="Mia", city="", locale="", country=""
    )
    member.refresh_from_db()
    assert member.name == "Mia"
    member_profile_update(acting_user=admin, user=admin, name="Ada", city="", locale="", country="")
    admin.refresh_from_db()
    assert admin.name == "Ada"
    with pytest.raises(PermissionDenied):
        member_profile_update(
            acting_user=admin, user=member, name="X", city="", locale="", country=""
        )
    with pytest.raises(NotFound):
        member_profile_update(
            acting_user=outsider, user=member, name="X", city="", locale="", country=""
        )


def test_the_deciding_organization_is_the_active_one_else_the_oldest_shared(
    owner, organization, member
):
    other = organization_create(acting_user=owner, name={"en": "Other"}, region="EU")
    add_member(other, member, role=MEMBER)
    owner.refresh_from_db()

    assert owner.active_organization == other
    assert organization_deciding_rights_over(acting_user=owner, user=member) == other
    user_switch_active_organization(acting_user=owner, organization=organization)
    assert organization_deciding_rights_over(acting_user=owner, user=member) == organization
    assert organization_deciding_rights_over(acting_user=member, user=owner) == organization
