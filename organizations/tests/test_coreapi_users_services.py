"""The services behind the Core API's users and thumbnails (``services.coreapi_users``,
``services.thumbnail``): creation straight into an organization, roles from Luzmo's flags,
the owner editing members' profiles, uploads kept until they become a logo or an icon."""

import base64

import pytest

from accounts.models import User
from common.errors import InvalidInput, NotFound, PermissionDenied
from organizations.models import AuditAction, AuditEvent, Membership, Thumbnail
from organizations.roles import OrganizationRole, TeamRole
from organizations.services.coreapi_users import (
    member_profile_update,
    membership_set_core_api_flags,
    organization_role_from_flags,
    user_create_in_organization,
    user_create_with_organization,
)
from organizations.services.thumbnail import thumbnail_create, thumbnail_delete
from organizations.tests.factories import plan
from orgsite.tests.coreapi_support import png_base64
from plugins.services import plugin_create, plugin_update

OWNER, ADMIN, MEMBER, VIEWER = "owner", "admin", "member", "viewer"


@pytest.mark.parametrize(
    ("current", "flags", "expected"),
    [
        (VIEWER, {"flagAdmin": True}, ADMIN),
        (VIEWER, {"flagEditor": True}, MEMBER),
        (MEMBER, {"flagAdmin": False}, MEMBER),
        (ADMIN, {"flagAdmin": False}, MEMBER),
        (ADMIN, {"flagAdmin": False, "flagEditor": False}, VIEWER),
        (MEMBER, {"flagEditor": False}, VIEWER),
        (MEMBER, {"flagOwn": True}, OWNER),
        (OWNER, {"flagOwn": False}, ADMIN),
        (MEMBER, {"flagMember": True, "flagEditor": None}, MEMBER),
        (MEMBER, {"somethingElse": True}, MEMBER),
        (MEMBER, {}, MEMBER),
    ],
)
def test_the_highest_remaining_flag_decides_the_role(current, flags, expected):
    assert organization_role_from_flags(current, flags) == expected


def test_clearing_every_flag_is_refused():
    with pytest.raises(InvalidInput):
        organization_role_from_flags(VIEWER, {"flagMember": False})


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
        ({"email": "a@acme.test", "locale": "de"}, "locale"),
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
    membership_set_core_api_flags(
        acting_user=owner, organization=organization, user=member, flags={"flagOwn": True}
    )
    roles = dict(Membership.objects.filter(organization=organization).values_list("user", "role"))
    assert (roles[member.pk], roles[owner.pk]) == (OWNER, ADMIN)

    with pytest.raises(InvalidInput, match="invitation"):
        membership_set_core_api_flags(
            acting_user=member, organization=organization, user=outsider, flags={}
        )


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


def test_thumbnails_are_checked_and_kept_in_the_organization(
    organization, member, viewer, admin, outsider
):
    image = base64.b64decode(png_base64((300, 300)))
    with pytest.raises(NotFound):
        thumbnail_create(acting_user=outsider, organization=organization, image=image)
    with pytest.raises(InvalidInput):
        thumbnail_create(acting_user=member, organization=organization, image=b"<svg/>")

    thumbnail = thumbnail_create(acting_user=member, organization=organization, image=image)
    assert thumbnail.image.name.startswith("thumbnails/") and thumbnail.image.width == 256
    with pytest.raises(PermissionDenied):
        thumbnail_delete(acting_user=viewer, thumbnail=thumbnail)
    with pytest.raises(NotFound):
        thumbnail_delete(acting_user=outsider, thumbnail=thumbnail)
    thumbnail_delete(acting_user=admin, thumbnail=thumbnail)
    assert not Thumbnail.objects.exists()


def test_a_plugin_icon_is_checked_like_a_logo_and_removable(member, organization):
    plugin = plugin_create(
        acting_user=member,
        slug="icons",
        name={"en": "Icons"},
        base_url="https://plugin.example.com",
    )
    icon = thumbnail_create(
        acting_user=member,
        organization=organization,
        image=base64.b64decode(png_base64()),
    ).image
    plugin = plugin_update(acting_user=member, plugin=plugin, icon=icon.open("rb"))
    assert plugin.icon.name.startswith("plugin_icons/")
    plugin = plugin_update(acting_user=member, plugin=plugin, icon=None)
    assert not plugin.icon
