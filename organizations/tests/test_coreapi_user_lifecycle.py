"""``delete user`` and ``update user`` with ``email``, ``password`` and ``role``, through
Luzmo's official Python SDK against a live server (issue 13).

Fixture users (conftest): Acme's ``owner``, ``admin``, ``member``, ``viewer``; the
``outsider`` owns Globex.
"""

from accounts.models import User
from organizations.models import AuditAction, AuditEvent, Membership, Securable
from organizations.roles import OrganizationRole
from organizations.services.securable import securable_create
from organizations.tests.factories import OrganizationFactory, add_member
from orgsite.tests.coreapi_support import (  # noqa: F401 (live_server_settled: autouse)
    LIVE,
    live_server_settled,
    sdk_for,
    sdk_refusal,
)
from plugins.services import plugin_create

pytestmark = LIVE


def test_the_owner_deletes_a_member_whose_data_passes_to_the_owner(
    live_server, owner, organization, member
):
    made = securable_create(
        acting_user=member, organization=organization, type="dashboard", name={"en": "Mia's"}
    )

    assert sdk_for(live_server, owner).delete("user", str(member.pk)) == {"code": 200}

    assert not User.objects.filter(pk=member.pk).exists()
    assert Securable.objects.get(pk=made.pk).owner == owner
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {AuditAction.MEMBER_REMOVED, AuditAction.ACCOUNT_DELETED} <= actions


def test_an_account_in_another_organization_is_kept(live_server, owner, organization, outsider):
    both = add_member(organization, User.objects.create_user("both@acme.test", name="Bo"))
    add_member(outsider.active_organization, both)

    assert sdk_for(live_server, owner).delete("user", str(both.pk)) == {"code": 200}

    assert list(Membership.objects.filter(user=both).values_list("organization", flat=True)) == [
        outsider.active_organization_id
    ]


def test_only_the_owner_deletes_and_never_themselves_nor_outsiders(
    live_server, owner, organization, admin, member, outsider
):
    assert sdk_refusal(sdk_for(live_server, admin).delete, "user", str(member.pk)).startswith(
        "Forbidden: "
    )
    assert sdk_refusal(sdk_for(live_server, member).delete, "user", str(admin.pk)).startswith(
        "Forbidden: "
    )
    assert sdk_refusal(sdk_for(live_server, owner).delete, "user", str(owner.pk)).startswith(
        "Forbidden: "
    )
    assert sdk_refusal(sdk_for(live_server, owner).delete, "user", str(outsider.pk)).startswith(
        "Not Found: "
    )
    assert User.objects.filter(pk__in=[member.pk, admin.pk, owner.pk, outsider.pk]).count() == 4


def test_email_and_password_one_own_or_the_owner_for_members(
    live_server, owner, organization, admin, member
):
    client = sdk_for(live_server, member)
    answer = client.update("user", str(member.pk), {"email": "Mia.New@Acme.test"})
    assert answer["email"] == "mia.new@acme.test"
    client.update("user", str(member.pk), {"password": "a long new password 42"})
    member.refresh_from_db()
    assert member.check_password("a long new password 42")

    sdk_for(live_server, owner).update("user", str(member.pk), {"email": "mia@acme.test"})
    member.refresh_from_db()
    assert member.email == "mia@acme.test"
    assert sdk_refusal(
        sdk_for(live_server, admin).update, "user", str(member.pk), {"email": "x@acme.test"}
    ).startswith("Forbidden: ")

    for properties, field in [
        ({"email": "not an address"}, "email"),
        ({"email": owner.email.upper()}, "email"),
        ({"password": "short"}, "password"),
        ({"password": "12345678901234"}, "password"),
    ]:
        refusal = sdk_refusal(client.update, "user", str(member.pk), properties)
        assert refusal.startswith("Bad Request: ") and f"\n{field}: " in refusal, properties
    assert AuditEvent.objects.filter(action=AuditAction.ACCOUNT_CHANGED).count() == 3


def test_role_is_honoured_by_the_rules_of_the_flags(
    live_server, owner, organization, admin, member, viewer
):
    answer = sdk_for(live_server, admin).update("user", str(viewer.pk), {"role": "member"})
    assert answer["id"] == str(viewer.pk)
    assert Membership.objects.get(user=viewer).role == OrganizationRole.MEMBER

    for client, target, role in [
        (sdk_for(live_server, admin), admin, "viewer"),  # one's own role
        (sdk_for(live_server, admin), owner, "member"),  # the owner
        (sdk_for(live_server, member), viewer, "viewer"),  # no right to
    ]:
        assert sdk_refusal(client.update, "user", str(target.pk), {"role": role}).startswith(
            "Forbidden: "
        )
    assert "\nrole: " in sdk_refusal(
        sdk_for(live_server, owner).update, "user", str(member.pk), {"role": "emperor"}
    )
    # The role one has is no change.
    sdk_for(live_server, admin).update("user", str(admin.pk), {"role": "admin"})
    assert Membership.objects.get(user=admin).role == OrganizationRole.ADMIN


def test_the_deciding_organization_is_the_one_shared(live_server, owner, organization, outsider):
    """An owner of two organizations acts on a member of the non-active one by its rules."""
    second = OrganizationFactory(owner=owner, name={"en": "Second"})
    other = add_member(second, User.objects.create_user("other@second.test", name="Ot"))
    owner.active_organization = organization
    owner.save()

    assert sdk_for(live_server, owner).delete("user", str(other.pk)) == {"code": 200}
    assert not User.objects.filter(pk=other.pk).exists()


def test_an_account_that_created_a_plugin_is_kept(live_server, owner, organization, member):
    plugin_create(
        acting_user=member, slug="mias", name={"en": "Mia's"}, base_url="https://plugin.example.com"
    )

    assert sdk_for(live_server, owner).delete("user", str(member.pk)) == {"code": 200}

    # Removed from the organization; the account stays for its plugin.
    assert User.objects.filter(pk=member.pk).exists()
    assert not Membership.objects.filter(user=member).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.ACCOUNT_DELETED).exists()
