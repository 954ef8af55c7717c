"""The Core API's organization domain, driven over HTTP by Luzmo's official Python SDK
(``luzmo-sdk``) against a live server: organization, user, group, securable, thumbnail,
locale and country, with their associations and error paths.

Fixture users (conftest): Acme's ``owner``, ``admin``, ``member`` and ``viewer``; the
``outsider`` owns Globex.
"""

import json
from pathlib import Path

import pytest
import requests
from django.core.management import call_command

from accounts.models import User
from organizations.models import (
    AuditAction,
    AuditEvent,
    Membership,
    Organization,
    Securable,
    Team,
    TeamMembership,
    Thumbnail,
)
from organizations.roles import OrganizationRole, TeamRole
from organizations.selectors.securables import securable_share_level
from organizations.services.securable import securable_create
from organizations.services.team import team_create
from organizations.tests.factories import add_member, plan
from orgsite.tests.coreapi_support import (  # noqa: F401 (live_server_settled: autouse)
    LIVE,
    TIMESTAMP,
    live_server_settled,
    png_base64,
    sdk_for,
    sdk_refusal,
    token_pair,
)

pytestmark = LIVE

SEED_001 = json.loads(
    (Path(__file__).parent / "data" / "seed_001_organization.json").read_text(encoding="utf-8")
)
# LUZMO_API.md lists flagAdmin among organizationRole's flags; seed 001 predates it.
ORGANIZATION_ROLE_EXTRA_KEYS = {"flagAdmin"}


def assert_same_shape(answer, reference, place="answer"):
    """Same keys, same nesting, same value types as the reference (each item of a list is
    compared with the reference's first item)."""
    if isinstance(reference, dict):
        assert isinstance(answer, dict), place
        extra = ORGANIZATION_ROLE_EXTRA_KEYS if place.endswith("organizationRole") else set()
        assert set(answer) == set(reference) | extra, place
        for key, value in reference.items():
            assert_same_shape(answer[key], value, f"{place}.{key}")
    elif isinstance(reference, list):
        assert isinstance(answer, list) and answer, place
        for index, item in enumerate(answer):
            assert_same_shape(item, reference[0], f"{place}[{index}]")
    else:
        assert type(answer) is type(reference), f"{place}: {answer!r} vs {reference!r}"


def post(live_server, resource: str, body: dict, *, method: str = "POST"):
    return requests.request(method, f"{live_server.url}/0.1.0/{resource}", json=body, timeout=30)


# --- organization ---


def test_get_organization_with_users_answers_in_the_shape_of_seed_001(live_server):
    call_command("demo_data", password="a demo password 42")
    owner = User.objects.get(email="owner@test.com")

    answer = sdk_for(live_server, owner).get("organization", {"include": [{"model": "User"}]})

    assert answer["count"] == 1
    row = answer["rows"][0]
    assert row["name"] == {
        "en": "Your organization",
        "nl": "Jouw organisatie",
        "fr": "Ton association",
    }
    seed_row = SEED_001["rows"][0]
    seed_users = {user["email"]: user for user in seed_row["users"]}
    # The organization and every user carry the seed's keys (the owner, Olivia, is orgsite's
    # addition to the seed's three members).
    assert set(row) == set(seed_row)
    for user in row["users"]:
        assert set(user) == set(seed_row["users"][0])
        assert set(user["organizationRole"]) == (
            set(seed_row["users"][0]["organizationRole"]) | ORGANIZATION_ROLE_EXTRA_KEYS
        )
        assert TIMESTAMP.match(user["created_at"])
        assert TIMESTAMP.match(user["organizationRole"]["updated_at"])
        assert user["organizationRole"]["organization_id"] == row["id"]
        assert user["organizationRole"]["user_id"] == user["id"]
    # The seed's users: same keys, nesting and value types, and the same values where the
    # seed gives real ones.
    answered = {user["email"]: user for user in row["users"]}
    assert set(seed_users) <= set(answered)
    assert_same_shape({**row, "users": [answered[email] for email in seed_users]}, seed_row, "row")
    for email, seed_user in seed_users.items():
        user = answered[email]
        for key in ("email", "name", "city", "country_id", "locale_id", "flag_plan"):
            assert user[key] == seed_user[key], (email, key)
        for flag in ("flagMember", "flagEditor", "flagOwn"):
            assert user["organizationRole"][flag] == seed_user["organizationRole"][flag]
    owner_role = answered["owner@test.com"]["organizationRole"]
    assert owner_role["flagOwn"] and owner_role["flagAdmin"]
    # The seed lists its users by name.
    assert [user["email"] for user in row["users"]][:3] == list(seed_users)


def test_get_organization_answers_only_the_callers_organizations(
    live_server, owner, organization, other_organization
):
    client = sdk_for(live_server, owner)

    answer = client.get("organization", {})
    assert answer == {"count": 1, "rows": [{"id": str(organization.pk), "name": {"en": "Acme"}}]}
    # Another organization's id finds nothing.
    assert client.get("organization", {"where": {"id": str(other_organization.pk)}}) == {
        "count": 0,
        "rows": [],
    }
    # More attributes on demand.
    detailed = client.get(
        "organization", {"attributes": ["id", "region", "flag_plan", "locale_id", "logo"]}
    )
    assert detailed["rows"] == [
        {
            "id": str(organization.pk),
            "region": "EU",
            "flag_plan": "pro",
            "locale_id": "en",
            "logo": None,
        }
    ]


def test_owner_renames_the_organization_and_a_member_may_not(
    live_server, owner, organization, member
):
    answer = sdk_for(live_server, owner).update(
        "organization", str(organization.pk), {"name": {"en": "Acme Corp", "nl": "Acme NV"}}
    )
    assert answer["id"] == str(organization.pk)
    assert answer["name"] == {"en": "Acme Corp", "nl": "Acme NV"}
    organization.refresh_from_db()
    assert organization.name == {"en": "Acme Corp", "nl": "Acme NV"}
    assert AuditEvent.objects.filter(
        organization=organization, action=AuditAction.ORGANIZATION_UPDATED, actor=owner
    ).exists()

    refusal = sdk_refusal(
        sdk_for(live_server, member).update,
        "organization",
        str(organization.pk),
        {"name": {"en": "Mine"}},
    )
    assert refusal.startswith("Forbidden: ")


def test_organization_update_refuses_a_region_change_and_bad_values(
    live_server, owner, organization
):
    client = sdk_for(live_server, owner)

    refusal = sdk_refusal(client.update, "organization", str(organization.pk), {"region": "US"})
    assert refusal.startswith("Bad Request: The region can't be changed")
    assert "\nregion: " in refusal
    refusal = sdk_refusal(client.update, "organization", str(organization.pk), {"name": "  "})
    assert "\nname: " in refusal
    refusal = sdk_refusal(client.update, "organization", str(organization.pk), {"locale_id": "xx"})
    assert "\nlocale_id: " in refusal
    organization.refresh_from_db()
    assert organization.region == "EU"


def test_organizations_come_from_user_creation_only(live_server, owner, organization):
    refusal = sdk_refusal(sdk_for(live_server, owner).create, "organization", {"name": {"en": "X"}})
    assert refusal.startswith("Bad Request: Organizations are created with their first user")


def test_owner_deletes_the_organization_others_get_403_or_404(
    live_server, owner, organization, admin, outsider
):
    assert sdk_refusal(
        sdk_for(live_server, admin).delete, "organization", str(organization.pk)
    ).startswith("Forbidden: ")
    assert sdk_refusal(
        sdk_for(live_server, outsider).delete, "organization", str(organization.pk)
    ).startswith("Not Found: ")

    assert sdk_for(live_server, owner).delete("organization", str(organization.pk)) == {"code": 200}
    assert not Organization.objects.filter(pk=organization.pk).exists()


def test_every_organization_action_refuses_another_organizations_id(
    live_server, owner, organization, other_organization
):
    client = sdk_for(live_server, owner)
    other = str(other_organization.pk)
    for call, args in [
        (client.update, ("organization", other, {"name": {"en": "Taken"}})),
        (client.delete, ("organization", other)),
        (client.associate, ("organization", other, "Locales", "nl")),
        (client.associate, ("organization", other, "Countries", "BE")),
        (client.dissociate, ("organization", other, "Users", str(owner.pk))),
    ]:
        assert sdk_refusal(call, *args).startswith("Not Found: "), args
    other_organization.refresh_from_db()
    assert other_organization.name == {"en": "Globex"}


def test_locale_and_country_associations_set_the_organizations_defaults(
    live_server, owner, organization, member
):
    client = sdk_for(live_server, owner)
    organization_id = str(organization.pk)

    assert client.associate("organization", organization_id, "Locales", "nl") == {"code": 200}
    assert client.associate("organization", organization_id, "Countries", "be") == {"code": 200}
    organization.refresh_from_db()
    assert (organization.locale, organization.country.code) == ("nl", "BE")
    # DefaultLocale, and the association from the other side, are the same link.
    client.associate("locale", "fr", "Organizations", organization_id)
    organization.refresh_from_db()
    assert organization.locale == "fr"

    assert client.dissociate("organization", organization_id, "Countries", "BE") == {"code": 200}
    client.associate("organization", organization_id, "DefaultLocale", "en")
    organization.refresh_from_db()
    assert (organization.locale, organization.country.code) == ("en", "")

    assert sdk_refusal(
        client.associate, "organization", organization_id, "Locales", "xx"
    ).startswith("Not Found: Unknown locale")
    assert sdk_refusal(
        client.associate, "organization", organization_id, "Countries", "ZZ"
    ).startswith("Not Found: ")
    assert sdk_refusal(
        sdk_for(live_server, member).associate, "organization", organization_id, "Locales", "nl"
    ).startswith("Forbidden: ")


def test_a_thumbnail_associated_with_the_organization_becomes_its_logo(
    live_server, owner, organization, outsider
):
    client = sdk_for(live_server, owner)

    thumbnail = client.create("thumbnail", {"data": png_base64((600, 300))})
    assert set(thumbnail) == {"id", "url", "organization_id", "created_at"}
    assert thumbnail["url"].startswith(live_server.url + "/media/thumbnails/")
    assert client.get("thumbnail", {"where": {"id": thumbnail["id"]}})["count"] == 1

    client.associate("organization", str(organization.pk), "Thumbnails", thumbnail["id"])
    organization.refresh_from_db()
    assert organization.logo.name.startswith("logos/")
    answer = client.get("organization", {"attributes": ["logo"]})
    assert answer["rows"][0]["logo"].endswith(organization.logo.url)
    assert AuditEvent.objects.filter(
        action=AuditAction.ORGANIZATION_UPDATED, data__fields=["logo"]
    ).exists()

    # Another organization's member neither sees nor uses the thumbnail.
    stranger = sdk_for(live_server, outsider)
    assert stranger.get("thumbnail", {})["count"] == 0
    assert sdk_refusal(
        stranger.associate,
        "organization",
        str(outsider.active_organization_id),
        "Thumbnails",
        thumbnail["id"],
    ).startswith("Not Found: ")

    client.dissociate("organization", str(organization.pk), "Thumbnails", thumbnail["id"])
    organization.refresh_from_db()
    assert not organization.logo
    assert client.delete("thumbnail", thumbnail["id"]) == {"code": 200}
    assert not Thumbnail.objects.exists()


def test_thumbnails_are_validated_like_logo_uploads(live_server, owner, organization):
    client = sdk_for(live_server, owner)

    svg = "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4="
    assert sdk_refusal(client.create, "thumbnail", {"data": svg}) == (
        "Bad Request: The logo must be a PNG, JPEG or WebP image.\n"
        "data: The logo must be a PNG, JPEG or WebP image."
    )
    assert "\ndata: " in sdk_refusal(client.create, "thumbnail", {"data": "not base64!"})
    assert "\ndata: " in sdk_refusal(client.create, "thumbnail", {})
    too_wide = png_base64((4097, 1))
    assert "4096" in sdk_refusal(client.create, "thumbnail", {"data": too_wide})
    # A data URL is accepted as it is.
    created = client.create("thumbnail", {"data": "data:image/png;base64," + png_base64()})
    assert Thumbnail.objects.filter(pk=created["id"]).exists()


# --- user ---


def test_owner_creates_a_user_who_joins_the_organization_and_its_first_team(
    live_server, owner, organization
):
    client = sdk_for(live_server, owner)

    answer = client.create(
        "user",
        {
            "email": "Nina@Acme.test",
            "name": "Nina New",
            "password": "a long enough password 1",
            "city": "Gent",
            "role": "viewer",
        },
    )

    user = User.objects.get(email="nina@acme.test")
    assert answer["id"] == str(user.pk)
    assert (answer["email"], answer["name"], answer["city"]) == (
        "nina@acme.test",
        "Nina New",
        "Gent",
    )
    assert answer["flag_plan"] == "pro"
    assert set(answer["authorization"]) == {"id", "token"}
    membership = Membership.objects.get(organization=organization, user=user)
    assert membership.role == OrganizationRole.VIEWER
    first_team = organization.teams.order_by("created_at").first()
    assert TeamMembership.objects.filter(team=first_team, user=user, role=TeamRole.MEMBER).exists()
    assert user.groups.filter(pk=first_team.group_id).exists()
    assert user.check_password("a long enough password 1")
    assert user.active_organization_id == organization.pk
    event = AuditEvent.objects.get(action=AuditAction.MEMBER_JOINED, target_user=user)
    assert (event.actor, event.organization, event.data["role"]) == (owner, organization, "viewer")

    # The pair in the answer acts as the new user.
    as_new_user = sdk_for(
        live_server, key=answer["authorization"]["id"], token=answer["authorization"]["token"]
    )
    organizations = as_new_user.get(
        "organization", {"include": [{"model": "User", "where": {"id": answer["id"]}}]}
    )
    assert organizations["rows"][0]["id"] == str(organization.pk)
    assert organizations["rows"][0]["users"][0]["organizationRole"]["flagEditor"] is False


def test_user_create_refuses_an_invalid_or_taken_email_with_validation(
    live_server, owner, organization, member
):
    client = sdk_for(live_server, owner)

    assert sdk_refusal(client.create, "user", {"email": "not-an-email", "name": "X"}) == (
        "Bad Request: Enter a valid e-mail address.\nemail: Enter a valid e-mail address."
    )
    assert "\nemail: " in sdk_refusal(client.create, "user", {"name": "No Mail"})
    assert "\nemail: " in sdk_refusal(client.create, "user", {"email": member.email.upper()})
    assert "\npassword: " in sdk_refusal(
        client.create, "user", {"email": "weak@acme.test", "password": "123"}
    )
    assert "\nrole: " in sdk_refusal(
        client.create, "user", {"email": "boss@acme.test", "role": "owner"}
    )
    assert not User.objects.filter(email__in=["weak@acme.test", "boss@acme.test"]).exists()
    # The raw error body: Luzmo's shape.
    key, token = token_pair(owner)
    response = post(
        live_server,
        "user",
        {"action": "create", "key": key, "token": token, "properties": {"email": "x"}},
    )
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {
        "type": {"code": 400, "description": "Bad Request"},
        "message": "Enter a valid e-mail address.",
        "validation": {"email": ["Enter a valid e-mail address."]},
    }


def test_only_the_owner_creates_users_in_the_organization(live_server, organization, admin, member):
    for user in (admin, member):
        refusal = sdk_refusal(
            sdk_for(live_server, user).create, "user", {"email": "sneaky@acme.test"}
        )
        assert refusal == "Forbidden: Only the organization's owner may do this."
    assert not User.objects.filter(email="sneaky@acme.test").exists()


def test_user_creation_respects_the_plans_seats(live_server, owner, organization):
    organization.plan = plan("free")
    organization.save(update_fields=["plan"])
    client = sdk_for(live_server, owner)
    for number in range(4):
        client.create("user", {"email": f"seat{number}@acme.test"})

    refusal = sdk_refusal(client.create, "user", {"email": "one-too-many@acme.test"})
    assert refusal.startswith("Bad Request: Your plan (Free) has 5 seats")
    assert organization.memberships.count() == 5


def test_user_creation_without_credentials_creates_an_organization(live_server):
    response = post(
        live_server,
        "user",
        {
            "action": "create",
            "key": "",
            "token": "",
            "version": "0.1.0",
            "properties": {"email": "founder@startup.test", "name": "Fay Founder"},
        },
    )

    assert response.status_code == 200, response.text
    answer = response.json()
    founder = User.objects.get(email="founder@startup.test")
    membership = Membership.objects.get(user=founder)
    assert membership.role == OrganizationRole.OWNER
    assert membership.organization.name == {"en": "Fay Founder's organization"}
    assert membership.organization.teams.get().name == "My Team"
    assert not founder.has_usable_password()
    assert answer["flag_plan"] == "free"
    # The new owner's pair works: they can add their first colleague.
    client = sdk_for(
        live_server, key=answer["authorization"]["id"], token=answer["authorization"]["token"]
    )
    client.create("user", {"email": "colleague@startup.test"})
    assert membership.organization.memberships.count() == 2


def test_get_user_lists_the_callers_organizations_members_only(
    live_server, owner, organization, member, outsider
):
    client = sdk_for(live_server, owner)

    answer = client.get("user", {"order": [["email", "asc"]]})
    assert [row["email"] for row in answer["rows"]] == sorted([owner.email, member.email])
    assert client.get("user", {"where": {"id": str(outsider.pk)}}) == {"count": 0, "rows": []}
    with_organizations = client.get(
        "user",
        {
            "where": {"id": str(member.pk)},
            "include": [{"model": "Organization"}, {"model": "Group"}],
        },
    )
    row = with_organizations["rows"][0]
    assert row["organizations"][0]["id"] == str(organization.pk)
    assert row["organizations"][0]["organizationRole"]["flagEditor"] is True
    assert row["groups"][0]["name"] == {"en": "My Team"}  # issue 13: localized
    assert row["groups"][0]["groupRole"] == {
        "flagMember": True,
        "flagOwn": False,
        "role": "member",
        "created_at": row["groups"][0]["groupRole"]["created_at"],
        "updated_at": row["groups"][0]["groupRole"]["updated_at"],
        "group_id": row["groups"][0]["id"],
        "user_id": str(member.pk),
    }


def test_users_update_their_own_profile_and_the_owner_updates_members(
    live_server, owner, organization, member, admin, outsider
):
    answer = sdk_for(live_server, member).update(
        "user", str(member.pk), {"city": "Brugge", "locale_id": "nl"}
    )
    assert (answer["city"], answer["locale_id"], answer["name"]) == ("Brugge", "nl", "Mia Member")
    answer = sdk_for(live_server, owner).update("user", str(member.pk), {"name": "Mia M."})
    assert answer["name"] == "Mia M."
    member.refresh_from_db()
    assert (member.name, member.city, member.locale) == ("Mia M.", "Brugge", "nl")

    assert sdk_refusal(
        sdk_for(live_server, admin).update, "user", str(member.pk), {"city": "X"}
    ).startswith("Forbidden: ")
    # (In Dutch now: Mia chose it above.) Issue 13 made the e-mail updatable: a taken one is
    # refused.
    assert "\nemail: " in sdk_refusal(
        sdk_for(live_server, member).update, "user", str(member.pk), {"email": owner.email}
    )
    assert "\ncountry_id: " in sdk_refusal(
        sdk_for(live_server, member).update, "user", str(member.pk), {"country_id": "XX"}
    )
    assert sdk_refusal(
        sdk_for(live_server, owner).update, "user", str(outsider.pk), {"city": "X"}
    ).startswith("Not Found: ")


def test_user_locale_and_country_associations(live_server, owner, organization, member):
    client = sdk_for(live_server, member)

    client.associate("user", str(member.pk), "Locales", "fr")
    client.associate("country", "NL", "Users", str(member.pk))
    member.refresh_from_db()
    assert (member.locale, member.country.code) == ("fr", "NL")
    client.dissociate("user", str(member.pk), "Countries", "NL")
    member.refresh_from_db()
    assert member.country.code == ""
    assert sdk_refusal(client.dissociate, "user", str(member.pk), "Countries", "NL").startswith(
        "Not Found: "
    )


def test_owner_changes_a_members_role_through_the_flags(live_server, owner, organization, member):
    client = sdk_for(live_server, owner)
    membership = Membership.objects.get(organization=organization, user=member)

    client.associate(
        "user", str(member.pk), "Organizations", str(organization.pk), {"flagAdmin": True}
    )
    membership.refresh_from_db()
    assert membership.role == OrganizationRole.ADMIN
    client.associate(
        "organization", str(organization.pk), "Users", str(member.pk), {"flagAdmin": False}
    )
    membership.refresh_from_db()
    assert membership.role == OrganizationRole.MEMBER
    client.associate(
        "organization", str(organization.pk), "Users", str(member.pk), {"flagEditor": False}
    )
    membership.refresh_from_db()
    assert membership.role == OrganizationRole.VIEWER
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.MEMBER_ROLE_CHANGED, target_user=member
        ).count()
        == 3
    )
    # Setting the flags it already has changes nothing.
    client.associate(
        "organization", str(organization.pk), "Users", str(member.pk), {"flagMember": True}
    )
    membership.refresh_from_db()
    assert membership.role == OrganizationRole.VIEWER

    refusal = sdk_refusal(
        client.associate,
        "organization",
        str(organization.pk),
        "Users",
        str(member.pk),
        {"flagMember": False},
    )
    assert refusal.startswith("Bad Request: Set at least one of flagMember")


def test_role_changes_follow_the_rules_of_every_path(
    live_server, owner, organization, admin, member
):
    # Nobody changes their own role; admins act only on lower roles, the owner's role moves
    # only by a transfer.
    assert sdk_refusal(
        sdk_for(live_server, admin).associate,
        "user",
        str(admin.pk),
        "Organizations",
        str(organization.pk),
        {"flagOwn": True},
    ).startswith("Forbidden: ")
    assert sdk_refusal(
        sdk_for(live_server, member).associate,
        "user",
        str(member.pk),
        "Organizations",
        str(organization.pk),
        {"flagAdmin": True},
    ).startswith("Forbidden: ")
    assert sdk_refusal(
        sdk_for(live_server, owner).associate,
        "user",
        str(owner.pk),
        "Organizations",
        str(organization.pk),
        {"flagOwn": False},
    ).startswith("Forbidden: ")
    assert Membership.objects.get(organization=organization, user=owner).role == "owner"


def test_flag_own_on_another_member_transfers_ownership(live_server, owner, organization, admin):
    sdk_for(live_server, owner).associate(
        "organization", str(organization.pk), "Users", str(admin.pk), {"flagOwn": True}
    )

    roles = dict(organization.memberships.values_list("user__email", "role"))
    assert roles[admin.email] == OrganizationRole.OWNER
    assert roles[owner.email] == OrganizationRole.ADMIN
    assert AuditEvent.objects.filter(
        action=AuditAction.OWNERSHIP_TRANSFERRED, actor=owner, target_user=admin
    ).exists()


def test_users_join_existing_organizations_by_invitation_only(
    live_server, owner, organization, member, outsider, other_organization
):
    client = sdk_for(live_server, owner)
    # Another organization's user is out of reach; so is another organization.
    assert sdk_refusal(
        client.associate, "organization", str(organization.pk), "Users", str(outsider.pk)
    ).startswith("Not Found: ")
    assert sdk_refusal(
        client.associate, "user", str(owner.pk), "Organizations", str(other_organization.pk)
    ).startswith("Not Found: ")
    # Globex's owner also belongs to Acme, so sees Acme's members; still, none of them can
    # be put into Globex by an association.
    add_member(organization, outsider, OrganizationRole.VIEWER)
    refusal = sdk_refusal(
        sdk_for(live_server, outsider).associate,
        "organization",
        str(other_organization.pk),
        "Users",
        str(member.pk),
        {"flagMember": True},
    )
    assert refusal.startswith(f"Bad Request: {member.email} is not a member of this organization")
    assert not Membership.objects.filter(organization=other_organization, user=member).exists()


def test_dissociating_a_user_removes_the_member_and_the_owner_stays(
    live_server, owner, organization, member, viewer
):
    client = sdk_for(live_server, owner)

    assert client.dissociate("organization", str(organization.pk), "Users", str(member.pk)) == {
        "code": 200
    }
    assert not Membership.objects.filter(organization=organization, user=member).exists()
    assert AuditEvent.objects.filter(action=AuditAction.MEMBER_REMOVED, target_user=member).exists()
    # A member leaves by dissociating themselves; the owner can't.
    sdk_for(live_server, viewer).dissociate(
        "user", str(viewer.pk), "Organizations", str(organization.pk)
    )
    assert AuditEvent.objects.filter(action=AuditAction.MEMBER_LEFT, target_user=viewer).exists()
    assert sdk_refusal(
        client.dissociate, "organization", str(organization.pk), "Users", str(owner.pk)
    ).startswith("Forbidden: ")


# --- group ---


def test_groups_are_the_organizations_teams(live_server, owner, organization, member, outsider):
    client = sdk_for(live_server, owner)

    created = client.create("group", {"name": {"en": "Analysts", "nl": "Analisten"}})
    team = Team.objects.get(pk=created["id"])
    assert (team.name, team.organization) == ("Analysts", organization)
    assert AuditEvent.objects.filter(action=AuditAction.TEAM_CREATED, actor=owner).exists()
    listed = client.get("group", {"order": [["name", "asc"]]})
    # Issue 13: names are localized objects, as Luzmo answers them.
    assert [row["name"] for row in listed["rows"]] == [
        {"en": "Analysts", "nl": "Analisten"},
        {"en": "My Team"},
    ]
    assert client.update("group", created["id"], {"name": "Data"})["name"] == {"en": "Data"}

    assert sdk_refusal(sdk_for(live_server, member).create, "group", {"name": "Mine"}).startswith(
        "Forbidden: "
    )
    assert "\nname: " in sdk_refusal(client.create, "group", {"name": "My Team"})
    stranger = sdk_for(live_server, outsider)
    assert stranger.get("group", {"where": {"id": created["id"]}})["count"] == 0
    assert sdk_refusal(stranger.update, "group", created["id"], {"name": "X"}).startswith(
        "Not Found: "
    )
    assert sdk_refusal(stranger.delete, "group", created["id"]).startswith("Not Found: ")

    assert client.delete("group", created["id"]) == {"code": 200}
    assert not Team.objects.filter(pk=created["id"]).exists()


def test_group_user_flags_set_the_team_role(live_server, owner, organization, member, outsider):
    client = sdk_for(live_server, owner)
    team = team_create(acting_user=owner, organization=organization, name="Analysts")

    client.associate("group", str(team.pk), "Users", str(member.pk), {"flagMember": True})
    assert team.memberships.get(user=member).role == TeamRole.MEMBER
    client.associate("user", str(member.pk), "Groups", str(team.pk), {"flagOwn": True})
    assert team.memberships.get(user=member).role == TeamRole.ADMIN
    client.associate("group", str(team.pk), "Users", str(member.pk), {"flagMember": False})
    assert team.memberships.get(user=member).role == TeamRole.VIEWER
    included = client.get("group", {"where": {"id": str(team.pk)}, "include": [{"model": "User"}]})
    assert included["rows"][0]["users"][0]["groupRole"]["role"] == "viewer"

    assert sdk_refusal(
        client.associate, "group", str(team.pk), "Users", str(outsider.pk)
    ).startswith("Not Found: ")
    assert client.dissociate("group", str(team.pk), "Users", str(member.pk)) == {"code": 200}
    assert not team.memberships.filter(user=member).exists()


# --- securable ---


def test_securable_lifecycle(live_server, owner, organization, member, viewer, outsider):
    client = sdk_for(live_server, member)

    created = client.create(
        "securable",
        {"type": "dashboard", "name": {"en": "Sales"}, "contents": {"rows": []}},
    )
    assert created["access"] == {
        "flagRead": True,
        "flagUse": True,
        "flagModify": True,
        "flagOwn": True,
    }
    assert (created["owner_id"], created["organization_id"]) == (
        str(member.pk),
        str(organization.pk),
    )
    updated = client.update("securable", created["id"], {"name": "Sales 2026"})
    assert updated["name"] == {"en": "Sales 2026"}
    assert client.get("securable", {"where": {"type": "dashboard"}})["count"] == 1
    assert sdk_for(live_server, viewer).get("securable", {})["count"] == 0

    assert sdk_refusal(
        sdk_for(live_server, viewer).create, "securable", {"type": "dataset", "name": "X"}
    ).startswith("Forbidden: ")
    assert "\ntype: " in sdk_refusal(client.create, "securable", {"type": "chart", "name": "X"})
    stranger = sdk_for(live_server, outsider)
    for call, args in [
        (stranger.update, ("securable", created["id"], {"name": "Mine"})),
        (stranger.delete, ("securable", created["id"])),
        (stranger.associate, ("securable", created["id"], "Users", str(outsider.pk))),
    ]:
        assert sdk_refusal(call, *args).startswith("Not Found: ")

    assert client.delete("securable", created["id"]) == {"code": 200}
    assert not Securable.objects.exists()


def test_securables_are_shared_with_users_at_cumulative_levels(
    live_server, owner, organization, member, viewer, outsider
):
    client = sdk_for(live_server, member)
    # Created with an association (the Python SDK sends them with the create).
    created = client.create(
        "securable",
        {"type": "dataset", "name": {"en": "Orders"}},
        [{"role": "Users", "id": str(viewer.pk)}],
    )
    securable = Securable.objects.get(pk=created["id"])
    assert securable_share_level(securable, user=viewer) == 1  # no flags: read

    client.associate("securable", created["id"], "Users", str(viewer.pk), {"flagModify": True})
    assert securable_share_level(securable, user=viewer) == 3
    seen = sdk_for(live_server, viewer).get("securable", {})["rows"][0]["access"]
    # A viewer reads at most, whatever the level shared, except through a direct share.
    assert seen["flagModify"] is True and seen["flagOwn"] is False
    # Across organizations: securables may be shared with a user of another organization.
    client.associate(
        "user", str(outsider.pk), "Securables", created["id"], {"flagRead": True, "flagUse": True}
    )
    assert securable_share_level(securable, user=outsider) == 2
    assert sdk_for(live_server, outsider).get("securable", {})["count"] == 1
    # The one shared with can't re-share below "own".
    assert sdk_refusal(
        sdk_for(live_server, viewer).associate,
        "securable",
        created["id"],
        "Users",
        str(owner.pk),
    ).startswith("Forbidden: ")

    client.dissociate("securable", created["id"], "Users", str(outsider.pk))
    assert securable_share_level(securable, user=outsider) == 0
    assert sdk_refusal(
        client.dissociate, "securable", created["id"], "Users", str(outsider.pk)
    ).startswith("Not Found: ")


def test_securables_are_shared_with_groups(live_server, owner, organization, member, outsider):
    securable = securable_create(
        acting_user=member, organization=organization, type="dashboard", name={"en": "KPIs"}
    )
    team = team_create(acting_user=owner, organization=organization, name="Analysts")
    client = sdk_for(live_server, member)

    client.associate("group", str(team.pk), "Securables", str(securable.pk), {"flagUse": True})
    assert securable_share_level(securable, team=team) == 2
    # Also a group of another organization.
    globex_team = Team.objects.get(organization=outsider.active_organization)
    client.associate("securable", str(securable.pk), "Groups", str(globex_team.pk))
    assert securable_share_level(securable, team=globex_team) == 1
    client.dissociate("securable", str(securable.pk), "Groups", str(team.pk))
    assert securable_share_level(securable, team=team) == 0
    assert sdk_refusal(
        client.associate, "securable", str(securable.pk), "Groups", "0" * 8
    ).startswith("Not Found: ")


# --- locale, country ---


def test_locale_and_country_are_read_only_catalogues(live_server, owner, organization):
    client = sdk_for(live_server, owner)

    locales = client.get("locale", {})
    # Issue 13 item 4: Luzmo's rows and catalogue (was the UI's three {id, name, native_name}).
    assert {"en", "nl", "fr"} <= {row["id"] for row in locales["rows"]}
    dutch = next(row for row in locales["rows"] if row["id"] == "nl")
    assert {key: dutch[key] for key in ("id", "description")} == {
        "id": "nl",
        "description": "Dutch",
    }
    belgium = client.get(
        "country", {"where": {"id": {"in": ["BE", "US"]}}, "order": [["id", "asc"]]}
    )
    assert [row["id"] for row in belgium["rows"]] == ["BE", "US"]
    # Issue 13: country names are localized, as Luzmo answers them.
    assert client.get("country", {"where": {"name": {"ilike": "%netherlands%"}}})["rows"] == [
        {"id": "NL", "name": {"en": "Netherlands", "nl": "Nederland", "fr": "Pays-Bas"}}
    ]
    assert client.get("country", {"limit": 2, "offset": 1})["count"] > 200
    assert sdk_refusal(client.create, "locale", {"id": "de"}).startswith(
        "Bad Request: The locale resource has no create action."
    )
    assert sdk_refusal(client.delete, "country", "BE").startswith("Bad Request: ")
    assert "find.where.code" in sdk_refusal(client.get, "country", {"where": {"code": "BE"}})


@pytest.mark.parametrize("resource", ["organization", "user", "group", "securable", "thumbnail"])
def test_every_organization_resource_needs_valid_credentials(live_server, resource):
    client = sdk_for(live_server, key="00000000-0000-0000-0000-000000000000", token="wrong")
    assert sdk_refusal(client.get, resource, {}) == (
        "Unauthorized: This key/token pair is not valid (unknown, revoked or expired)."
    )
