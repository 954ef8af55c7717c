"""Embed authorizations through Luzmo's official Python SDK (``luzmo-sdk``) against a live
server, as a customer's server runs Luzmo's embed guide: the owner's pair asks for a
short-lived pair for an end user in a suborganization, and that pair reads exactly what it
grants.

Fixture users (conftest): Acme's ``owner``, ``admin``, ``member``; the ``outsider`` owns
Globex.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from organizations.models import (
    AuditAction,
    AuditEvent,
    EmbedAuthorization,
    EndUser,
    Membership,
    Suborganization,
)
from organizations.services.securable import securable_create
from orgsite.tests.coreapi_support import (  # noqa: F401 (live_server_settled: autouse)
    LIVE,
    TIMESTAMP,
    live_server_settled,
    sdk_for,
    sdk_refusal,
)

pytestmark = LIVE


def dashboard(user, organization, name="Sales"):
    return securable_create(
        acting_user=user, organization=organization, type="dashboard", name={"en": name}
    )


def embed_request(**overrides):
    """The body of Luzmo's embed guide, with one dashboard."""
    return {
        "type": "embed",
        "username": "customer-42",
        "name": "Carla Customer",
        "email": "carla@customer.test",
        "suborganization": "Customer Inc",
        "role": "viewer",
        "access": {"dashboards": [], "datasets": [], "collections": []},
        "expiry": "24 hours",
        "inactivity_interval": "10 minutes",
        **overrides,
    }


@pytest.fixture
def sales(owner, organization):
    return dashboard(owner, organization, "Sales")


@pytest.fixture
def costs(owner, organization):
    return dashboard(owner, organization, "Costs")


def test_embed_flow_end_to_end(live_server, owner, organization, admin, sales, costs):
    server = sdk_for(live_server, owner)

    answer = server.create(
        "authorization",
        embed_request(access={"dashboards": [{"id": str(sales.pk), "rights": "use"}]}),
    )

    assert answer["type"] == "embed"
    assert answer["id"] and answer["token"]
    assert TIMESTAMP.match(answer["expiry"])
    assert answer["access"]["dashboards"] == [{"id": str(sales.pk), "rights": "use"}]
    assert (answer["username"], answer["suborganization"]) == ("customer-42", "Customer Inc")
    end_user = EndUser.objects.select_related("user", "suborganization").get()
    assert str(end_user.user_id) == answer["user_id"]
    assert not end_user.user.has_usable_password()
    assert not Membership.objects.filter(user=end_user.user).exists()
    suborganization = end_user.suborganization
    assert suborganization.parent == organization
    assert suborganization.organization.region == organization.region
    # Only the hash of the token is stored.
    stored = EmbedAuthorization.objects.get(pk=answer["id"])
    assert answer["token"] not in stored.token_hash

    # The browser's pair reads that dashboard and nothing else.
    browser = sdk_for(live_server, key=answer["id"], token=answer["token"])
    seen = browser.get("securable", {})
    assert [row["id"] for row in seen["rows"]] == [str(sales.pk)]
    assert seen["rows"][0]["access"] == {
        "flagRead": True,
        "flagUse": True,
        "flagModify": False,
        "flagOwn": False,
    }
    assert browser.get("securable", {"where": {"id": str(costs.pk)}})["count"] == 0
    for resource in ("user", "organization", "plugin", "group"):
        assert sdk_refusal(browser.get, resource, {}).startswith("Unauthorized: ")
    assert sdk_refusal(browser.update, "securable", str(sales.pk), {"name": "Mine"}).startswith(
        "Unauthorized: "
    )
    assert sdk_refusal(
        browser.create, "authorization", embed_request(username="escalate")
    ).startswith("Unauthorized: ")
    itself = browser.get("authorization", {})
    assert [row["id"] for row in itself["rows"]] == [answer["id"]]

    # A second call reuses the user, updating what it gives.
    again = server.create(
        "authorization", embed_request(name="Carla C.", role="designer", expiry=None)
    )
    assert again["user_id"] == answer["user_id"]
    assert (again["name"], again["role"]) == ("Carla C.", "designer")
    assert EndUser.objects.count() == 1 and Suborganization.objects.count() == 1
    # The second pair grants nothing: grants live with the pair, not the user.
    second = sdk_for(live_server, key=again["id"], token=again["token"])
    assert second.get("securable", {})["count"] == 0
    assert browser.get("securable", {})["count"] == 1

    # The parent's admin sees the suborganization, through the Core API's owner-side call.
    actions = set(
        AuditEvent.objects.filter(organization=organization).values_list("action", flat=True)
    )
    assert {
        AuditAction.SUBORGANIZATION_CREATED,
        AuditAction.END_USER_CREATED,
        AuditAction.EMBED_AUTHORIZATION_CREATED,
    } <= actions

    # Revocation (delete authorization by the parent's admin) ends the pair.
    assert sdk_for(live_server, admin).delete("authorization", answer["id"]) == {"code": 200}
    assert sdk_refusal(browser.get, "securable", {}).startswith("Unauthorized: ")


def test_expiry_and_inactivity_end_a_pair(live_server, owner, organization, sales):
    server = sdk_for(live_server, owner)
    access = {"dashboards": [{"id": str(sales.pk)}]}
    expiring = server.create("authorization", embed_request(access=access))
    idle = server.create("authorization", embed_request(access=access))
    fresh = server.create("authorization", embed_request(access=access))
    for answer in (expiring, idle, fresh):
        assert (
            sdk_for(live_server, key=answer["id"], token=answer["token"]).get("securable", {})[
                "count"
            ]
            == 1
        )

    EmbedAuthorization.objects.filter(pk=expiring["id"]).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    # Unused for longer than its 10 minutes.
    EmbedAuthorization.objects.filter(pk=idle["id"]).update(
        last_used_at=timezone.now() - timedelta(minutes=11)
    )
    EmbedAuthorization.objects.filter(pk=fresh["id"]).update(
        last_used_at=timezone.now() - timedelta(minutes=9)
    )
    for answer in (expiring, idle):
        client = sdk_for(live_server, key=answer["id"], token=answer["token"])
        assert sdk_refusal(client.get, "securable", {}).startswith("Unauthorized: ")
    client = sdk_for(live_server, key=fresh["id"], token=fresh["token"])
    assert client.get("securable", {})["count"] == 1
    wrong = sdk_for(live_server, key=fresh["id"], token="not the token")
    assert sdk_refusal(wrong.get, "securable", {}).startswith("Unauthorized: ")


def test_expiry_as_a_date_and_its_limits(live_server, owner, organization):
    server = sdk_for(live_server, owner)
    moment = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    answer = server.create(
        "authorization", embed_request(expiry=moment.isoformat().replace("+00:00", "Z"))
    )
    assert EmbedAuthorization.objects.get(pk=answer["id"]).expires_at == moment
    default = server.create("authorization", embed_request(expiry=None))
    life = EmbedAuthorization.objects.get(pk=default["id"]).expires_at - timezone.now()
    assert timedelta(hours=23) < life <= timedelta(hours=24)
    for expiry in ("2001-01-01T00:00:00Z", "2 years", "tomorrow"):
        assert "\nexpiry: " in sdk_refusal(
            server.create, "authorization", embed_request(expiry=expiry)
        )
    assert "\ninactivity_interval: " in sdk_refusal(
        server.create, "authorization", embed_request(inactivity_interval="a while")
    )


def test_rights_are_capped_at_what_the_caller_may_share(
    live_server, owner, organization, member, sales, outsider
):
    own = dashboard(member, organization, "Mine")
    client = sdk_for(live_server, member)
    # A member may not create embed authorizations at all.
    assert sdk_refusal(client.create, "authorization", embed_request()).startswith("Forbidden: ")
    server = sdk_for(live_server, owner)
    foreign = dashboard(outsider, outsider.active_organization, "Globex secrets")
    refusal = sdk_refusal(
        server.create,
        "authorization",
        embed_request(access={"dashboards": [{"id": str(foreign.pk), "rights": "read"}]}),
    )
    assert refusal.startswith("Not Found: ") and "\naccess.dashboards.0.id: " in refusal
    refusal = sdk_refusal(
        server.create,
        "authorization",
        embed_request(access={"datasets": [{"id": str(own.pk)}]}),
    )
    assert refusal.startswith("Bad Request: ") and "\naccess.datasets.0.id: " in refusal
    for access, field in [
        ({"dashboards": [{"id": str(sales.pk), "rights": "all"}]}, "access.dashboards.0.rights"),
        ({"collections": [{"id": str(sales.pk), "inheritRights": "use"}]}, "access.collections"),
        ({"charts": []}, "access"),
    ]:
        refusal = sdk_refusal(server.create, "authorization", embed_request(access=access))
        assert refusal.startswith("Bad Request: ") and f"\n{field}: " in refusal
    assert "Collections are not available" in sdk_refusal(
        server.create,
        "authorization",
        embed_request(access={"collections": [{"id": str(sales.pk)}]}),
    )
    # Nothing was created by the refused calls.
    assert not EndUser.objects.exists() and not Suborganization.objects.exists()


def test_the_legacy_sso_form(live_server, owner, organization, sales):
    server = sdk_for(live_server, owner)
    answer = server.create(
        "authorization",
        {
            "type": "sso",
            "expiry": "1 hour",
            "inactivity_interval": 0,
            "username": "legacy-7",
            "name": "Lee Legacy",
            "email": "lee@customer.test",
            "suborganization": "Legacy Ltd",
            "role": "viewer",
            "securables": [str(sales.pk)],
        },
    )
    assert answer["access"]["dashboards"] == [{"id": str(sales.pk), "rights": "use"}]
    browser = sdk_for(live_server, key=answer["id"], token=answer["token"])
    assert browser.get("securable", {})["rows"][0]["id"] == str(sales.pk)
    refusal = sdk_refusal(
        server.create,
        "authorization",
        {"type": "sso", "username": "legacy-7", "integration_id": str(sales.pk)},
    )
    assert "Integrations are not available" in refusal and "\nintegration_id: " in refusal
    refusal = sdk_refusal(
        server.create, "authorization", embed_request(theme_id="dark", css="body{}")
    )
    assert refusal.startswith("Bad Request: ") and "\ntheme_id: " in refusal


def test_a_suborganization_never_sees_the_parents_data_and_strangers_create_nothing_in_it(
    live_server, owner, organization, sales, costs, outsider
):
    server = sdk_for(live_server, owner)
    answer = server.create(
        "authorization", embed_request(access={"dashboards": [{"id": str(sales.pk)}]})
    )
    end_user = User.objects.get(pk=answer["user_id"])
    # The end user belongs to no organization: with their account, nothing of the parent
    # is in reach (the services' own rule, whatever the door).
    assert not Membership.objects.filter(user=end_user).exists()
    suborganization = Suborganization.objects.get()
    assert end_user.active_organization_id == suborganization.organization_id

    # Another organization's owner naming the same suborganization gets one of their own.
    stranger = sdk_for(live_server, outsider)
    theirs = stranger.create("authorization", embed_request())
    assert Suborganization.objects.count() == 2
    assert Suborganization.objects.get(parent=outsider.active_organization).name == "Customer Inc"
    assert EndUser.objects.get(user_id=theirs["user_id"]).parent == outsider.active_organization
    # ... and can neither revoke the first organization's pair nor see its suborganization.
    assert sdk_refusal(stranger.delete, "authorization", answer["id"]).startswith("Not Found: ")
    assert str(suborganization.organization_id) not in {
        row["id"] for row in stranger.get("organization", {})["rows"]
    }
    assert sdk_refusal(
        stranger.update, "organization", str(suborganization.organization_id), {"name": "X"}
    ).startswith("Not Found: ")


def test_a_numeric_username_is_read_as_text(live_server, owner, organization):
    server = sdk_for(live_server, owner)
    first = server.create("authorization", embed_request(username=123456, suborganization=42))
    again = server.create("authorization", embed_request(username="123456", suborganization=42))
    assert first["user_id"] == again["user_id"]
    assert (first["username"], first["suborganization"]) == ("123456", "42")
    assert "\nusername: " in sdk_refusal(
        server.create, "authorization", embed_request(username=["a"])
    )
