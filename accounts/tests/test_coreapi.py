"""The Core API's ``authorization`` resource through Luzmo's Python SDK against a live
server: a caller's own API key/token pairs, created, listed (never with their tokens) and
revoked."""

from accounts.models import ApiToken
from orgsite.tests.coreapi_support import (  # noqa: F401 (live_server_settled: autouse)
    LIVE,
    TIMESTAMP,
    live_server_settled,
    sdk_for,
    sdk_refusal,
)

pytestmark = LIVE


def test_a_new_pair_acts_as_its_creator(live_server, member, organization):
    client = sdk_for(live_server, member)

    created = client.create("authorization", {"type": "api", "name": "Nightly export"})

    assert set(created) == {
        "id", "type", "name", "expiry", "last_used_at", "created_at", "user_id", "token",
    }  # fmt: skip
    assert (created["type"], created["name"], created["user_id"]) == (
        "api",
        "Nightly export",
        str(member.pk),
    )
    assert TIMESTAMP.match(created["created_at"])
    as_new_pair = sdk_for(live_server, key=created["id"], token=created["token"])
    assert as_new_pair.get("user", {"where": {"id": str(member.pk)}})["count"] == 1


def test_get_lists_the_callers_pairs_without_tokens(live_server, member, owner, organization):
    client = sdk_for(live_server, member)
    client.create("authorization", {"name": "Second", "expiry": "2099-12-31T00:00:00Z"})

    listed = client.get("authorization", {"order": [["created_at", "asc"]]})

    # The pair the client itself uses, then the new one; nobody else's.
    assert listed["count"] == 2
    assert [row["name"] for row in listed["rows"]] == ["tests", "Second"]
    assert listed["rows"][1]["expiry"] == "2099-12-31T00:00:00.000Z"
    assert all("token" not in row for row in listed["rows"])
    assert all(row["user_id"] == str(member.pk) for row in listed["rows"])
    assert "token" in sdk_refusal(client.get, "authorization", {"attributes": ["token"]})


def test_delete_revokes_a_pair_at_once(live_server, member, organization):
    client = sdk_for(live_server, member)
    created = client.create("authorization", {})
    doomed = sdk_for(live_server, key=created["id"], token=created["token"])

    assert client.delete("authorization", created["id"]) == {"code": 200}

    assert ApiToken.objects.get(pk=created["id"]).revoked_at is not None
    assert sdk_refusal(doomed.get, "organization", {}).startswith("Unauthorized: ")
    assert client.get("authorization", {"where": {"id": created["id"]}})["count"] == 0


def test_another_users_pair_is_out_of_reach(live_server, member, owner, outsider, organization):
    theirs = sdk_for(live_server, outsider).create("authorization", {"name": "Globex"})

    assert sdk_refusal(sdk_for(live_server, member).delete, "authorization", theirs["id"]) == (
        "Not Found: API token not found."
    )
    assert ApiToken.objects.get(pk=theirs["id"]).revoked_at is None


def test_only_api_pairs_with_valid_properties_are_created(live_server, member, organization):
    client = sdk_for(live_server, member)

    # Issue 13: embed and sso pairs exist now (owners and admins: a member is refused).
    assert sdk_refusal(client.create, "authorization", {"type": "temporary"}) == (
        "Bad Request: Create authorizations of type api, embed or sso.\n"
        "type: Create authorizations of type api, embed or sso."
    )
    assert sdk_refusal(client.create, "authorization", {"type": "sso", "username": "u"}).startswith(
        "Forbidden: "
    )
    assert "\nexpiry: " in sdk_refusal(client.create, "authorization", {"expiry": "soon"})
    assert "\nexpiry: " in sdk_refusal(
        client.create, "authorization", {"expiry": "2000-01-01T00:00:00Z"}
    )
    assert "\nname: " in sdk_refusal(client.create, "authorization", {"name": "x" * 101})
    assert sdk_refusal(client.update, "authorization", "x", {}).startswith(
        "Bad Request: The authorization resource has no update action."
    )
