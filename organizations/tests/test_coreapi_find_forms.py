"""``find`` as Luzmo's scripts write it (issue 13), through the official Python SDK against a
live server: the ``search`` key, ``jointype`` on includes, a find wrapped as ``{"find":
{…}}``, ``include`` on securables (users and groups with their access flags), and unknown
properties on create refused.

Fixture users (conftest): Acme's ``owner``, ``admin``, ``member``, ``viewer``; the
``outsider`` owns Globex.
"""

import pytest

from organizations.roles import AccessLevel
from organizations.services.securable import (
    securable_create,
    securable_share_with_team,
    securable_share_with_user,
)
from orgsite.tests.coreapi_support import (  # noqa: F401 (live_server_settled: autouse)
    LIVE,
    live_server_settled,
    sdk_for,
    sdk_refusal,
)

pytestmark = LIVE


def dashboard(user, organization, name):
    return securable_create(
        acting_user=user, organization=organization, type="dashboard", name={"en": name}
    )


def emails(answer):
    return sorted(row["email"] for row in answer["rows"])


def test_search_as_text_or_keyphrase(live_server, owner, organization, member, viewer):
    client = sdk_for(live_server, owner)
    assert emails(client.get("user", {"search": "mia"})) == [member.email]
    assert emails(client.get("user", {"search": {"keyphrase": "VICTOR"}})) == [viewer.email]
    assert client.get("user", {"search": "acme.test", "where": {"id": str(owner.pk)}})["count"] == 1
    dashboard(owner, organization, "Sales per region")
    dashboard(owner, organization, "Costs")
    found = client.get("securable", {"search": {"keyphrase": "sales", "match_types": ["name"]}})
    assert [row["name"]["en"] for row in found["rows"]] == ["Sales per region"]
    assert [row["id"] for row in client.get("locale", {"search": "fran"})["rows"]] == ["fr"]
    assert client.get("organization", {"search": "acme"})["count"] == 1

    refusal = sdk_refusal(client.get, "thumbnail", {"search": "x"})
    assert refusal.startswith("Bad Request: ") and "\nfind.search: " in refusal
    refusal = sdk_refusal(client.get, "user", {"search": {"phrase": "x"}})
    assert "\nfind.search.phrase: " in refusal


def test_a_find_wrapped_once_more(live_server, owner, organization, member):
    client = sdk_for(live_server, owner)
    answer = client.get("user", {"find": {"where": {"id": str(member.pk)}}})
    assert emails(answer) == [member.email]


def test_jointype_inner_requires_a_match_left_keeps_the_rows(
    live_server, owner, organization, member
):
    client = sdk_for(live_server, owner)
    include = {"model": "User", "where": {"email": "nobody@acme.test"}}
    inner = client.get("organization", {"include": [{**include, "jointype": "inner"}]})
    left = client.get("organization", {"include": [{**include, "jointype": "left"}]})
    assert inner["count"] == 0
    assert left["count"] == 1 and left["rows"][0]["users"] == []
    refusal = sdk_refusal(client.get, "organization", {"include": [{**include, "jointype": "x"}]})
    assert "\nfind.include.0.jointype: " in refusal


def test_include_users_and_groups_on_securables_with_their_flags(
    live_server, owner, organization, member, viewer, outsider
):
    sales = dashboard(member, organization, "Sales")
    securable_share_with_user(
        acting_user=member, securable=sales, email=viewer.email, level=AccessLevel.USE
    )
    team = organization.teams.get()
    securable_share_with_team(
        acting_user=member, securable=sales, team=team, level=AccessLevel.MODIFY
    )
    find = {"where": {"id": str(sales.pk)}, "include": [{"model": "User"}, {"model": "Group"}]}

    [row] = sdk_for(live_server, member).get("securable", find)["rows"]

    [user] = row["users"]
    assert user["email"] == viewer.email
    assert user["userAccessRight"] == {
        "flagRead": True,
        "flagUse": True,
        "flagModify": False,
        "flagOwn": False,
        "user_id": str(viewer.pk),
        "securable_id": str(sales.pk),
    }
    [group] = row["groups"]
    assert group["id"] == str(team.pk)
    assert group["groupAccessRight"]["flagModify"] is True
    assert group["groupAccessRight"]["flagOwn"] is False
    # Who may not share it doesn't see with whom it is shared.
    [seen] = sdk_for(live_server, viewer).get("securable", find)["rows"]
    assert (seen["users"], seen["groups"]) == ([], [])
    # Filtered by the included user.
    only = {"include": [{"model": "User", "where": {"email": viewer.email}, "jointype": "inner"}]}
    assert sdk_for(live_server, member).get("securable", only)["count"] == 1
    assert sdk_for(live_server, owner).get("securable", {**only, "search": "costs"})["count"] == 0


@pytest.mark.parametrize(
    ("resource", "properties", "field"),
    [
        ("group", {"name": "Analysts", "color": "red"}, "color"),
        ("securable", {"type": "dashboard", "name": "X", "subtype": "chart"}, "subtype"),
        ("user", {"email": "new@acme.test", "flag_plan": "pro"}, "flag_plan"),
        ("authorization", {"name": "x", "screenmode": "desktop"}, "screenmode"),
        ("plugin", {"slug": "p", "name": "P", "base_url": "https://p.example", "x": 1}, "x"),
    ],
)
def test_unknown_properties_on_create_are_refused(
    live_server, owner, organization, resource, properties, field
):
    refusal = sdk_refusal(sdk_for(live_server, owner).create, resource, properties)
    assert refusal.startswith(f"Bad Request: Unknown property “{field}”")
    assert f"\n{field}: " in refusal


@pytest.mark.parametrize("resource", ["data", "validate", "integration", "collection", "theme"])
def test_resources_not_built_are_refused_clearly(live_server, owner, resource):
    client = sdk_for(live_server, owner)
    refusal = sdk_refusal(client.get, resource, {})
    assert refusal.startswith(
        f"Bad Request: The {resource} resource of Luzmo's Core API is not available in orgsite"
    )


def test_a_data_query_is_refused_with_the_reason(live_server, owner):
    refusal = sdk_refusal(sdk_for(live_server, owner).query, {"queries": [{"dimensions": []}]})
    assert "data engine" in refusal


def test_plugin_properties_luzmo_documents_are_stored_and_answered(live_server, owner):
    client = sdk_for(live_server, owner)
    created = client.create(
        "plugin",
        {
            "slug": "warehouse",
            "name": {"en": "Warehouse"},
            "base_url": "https://warehouse.example.com/api",
            "tiles": True,
            "search": True,
            "public": False,
            "protocol_version": "3.0.0",
            "license": "MIT",
            "pushdown": True,
            "supports_like": True,
            "supports_sql": False,
        },
    )
    assert (created["tiles"], created["protocol_version"], created["license"]) == (
        True,
        "3.0.0",
        "MIT",
    )
    assert (created["supports_join"], created["reviewed"]) == (False, False)
    updated = client.update("plugin", created["id"], {"pushdown": False, "supports_join": True})
    assert (updated["pushdown"], updated["supports_join"], updated["tiles"]) == (
        False,
        True,
        True,
    )
    [row] = client.get("plugin", {"attributes": ["slug", "protocol_version", "reviewed"]})["rows"]
    assert row == {"slug": "warehouse", "protocol_version": "3.0.0", "reviewed": False}
    for properties, field in [
        ({"tiles": "yes"}, "tiles"),
        ({"protocol_version": "4.0.0"}, "protocol_version"),
    ]:
        assert f"\n{field}: " in sdk_refusal(client.update, "plugin", created["id"], properties)


@pytest.mark.parametrize("role", ["DefaultLocale", "DefaultAppLocale", "Locales"])
def test_an_organizations_locale_roles(live_server, owner, organization, role):
    client = sdk_for(live_server, owner)
    assert client.associate("organization", str(organization.pk), role, "nl") == {"code": 200}
    organization.refresh_from_db()
    assert organization.locale == "nl"


def test_group_names_are_localized_objects(live_server, owner, organization):
    client = sdk_for(live_server, owner)
    created = client.create("group", {"name": {"nl": "Analisten", "fr": "Analystes"}})
    assert created["name"] == {"nl": "Analisten", "fr": "Analystes"}
    assert organization.teams.get(pk=created["id"]).name == "Analisten"
    renamed = client.update("group", created["id"], {"name": {"en": "Analysts", "nl": "Analisten"}})
    assert renamed["name"] == {"en": "Analysts", "nl": "Analisten"}
    assert organization.teams.get(pk=created["id"]).name == "Analysts"
    assert "\nname: " in sdk_refusal(client.update, "group", created["id"], {"name": {"xx": "?"}})


def test_country_names_are_localized_and_searched_in_every_language(live_server, owner):
    client = sdk_for(live_server, owner)
    [belgium] = client.get("country", {"where": {"id": "BE"}})["rows"]
    assert belgium["name"] == {"en": "Belgium", "nl": "België", "fr": "Belgique"}
    assert [row["id"] for row in client.get("country", {"search": "allemagne"})["rows"]] == ["DE"]
    assert client.get("country", {"where": {"name": "Germany"}})["count"] == 1
