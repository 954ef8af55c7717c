"""REST API: plugins (list what one may use, create with its secret, retrieve, update and
delete by the creator) and an organization's plugins (list, make available, withdraw)."""

import pytest

from organizations.tests.factories import OrganizationFactory, UserFactory, add_member
from plugins.models import Plugin, PluginOrganization
from plugins.services import plugin_associate, plugin_create

PLUGINS = "/api/v1/plugins/"


def plugin_url(plugin) -> str:
    return f"{PLUGINS}{plugin.pk}/"


def organization_plugins_url(organization, plugin=None) -> str:
    base = f"/api/v1/organizations/{organization.pk}/plugins/"
    return f"{base}{plugin.pk}/" if plugin is not None else base


def error_of(response) -> dict:
    return response.json()["error"]


def create(creator, slug="weather", **fields) -> Plugin:
    arguments = {
        "name": {"en": "Weather", "nl": "Weer"},
        "base_url": "https://plugins.example.com/weather",
        **fields,
    }
    return plugin_create(acting_user=creator, slug=slug, **arguments)


def slugs(response) -> list[str]:
    return [row["slug"] for row in response.json()["results"]]


BODY = {
    "slug": "tides",
    "name": {"en": "Tides"},
    "description": {"en": "High and low water"},
    "base_url": "https://tides.example.com/api",
    "url": "https://tides.example.com",
    "authorize": "oauth2",
    "color": "#1A2B3C",
}


@pytest.fixture
def weather(member, organization):
    """Mia's plugin, available to Acme."""
    plugin = create(member)
    plugin_associate(acting_user=member, plugin=plugin, organization=organization)
    return plugin


# Plugins -----------------------------------------------------------------------------------


def test_creating_a_plugin_shows_its_secret_to_its_creator(api_as, organization, viewer):
    response = api_as(viewer).post(PLUGINS, BODY)

    assert response.status_code == 201, response.content
    body = response.json()
    plugin = Plugin.objects.get()
    assert body == {
        "id": str(plugin.pk),
        "slug": "tides",
        "name": {"en": "Tides"},
        "display_name": "Tides",
        "description": {"en": "High and low water"},
        "base_url": "https://tides.example.com/api",
        "url": "https://tides.example.com",
        "authorize": "oauth2",
        "color": "#1a2b3c",
        "secret": plugin.secret,
        "is_mine": True,
        "creator": {"id": str(viewer.pk), "name": "Victor Viewer"},
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
    }


def test_the_list_holds_mine_and_those_of_my_organizations_secrets_only_for_mine(
    api_as, organization, member, admin, weather, outsider
):
    create(admin, "adminonly")
    create(outsider, "globex")

    rows = {row["slug"]: row for row in api_as(member).get(PLUGINS).json()["results"]}
    theirs = api_as(admin).get(PLUGINS).json()["results"]

    assert list(rows) == ["weather"]
    assert rows["weather"]["secret"] == weather.secret
    assert [row["slug"] for row in theirs] == ["adminonly", "weather"]
    assert theirs[0]["secret"] and theirs[1]["secret"] is None
    assert [row["is_mine"] for row in theirs] == [True, False]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"slug": "weather"}, "slug"),
        ({"slug": "with space"}, "slug"),
        ({"name": {}}, "name"),
        ({"base_url": "http://tides.example.com"}, "base_url"),
        ({"base_url": "https://10.0.0.1/api"}, "base_url"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"authorize": "basic"}, "authorize"),
        ({"color": "blue"}, "color"),
    ],
)
def test_a_bad_plugin_names_the_field(api_as, member, weather, change, field):
    response = api_as(member).post(PLUGINS, {**BODY, **change})

    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == [field]
    assert Plugin.objects.count() == 1


def test_the_creator_updates_and_deletes(api_as, member, weather):
    client = api_as(member)

    updated = client.patch(plugin_url(weather), {"color": "#ABCDEF", "name": {"en": "Weather+"}})

    assert updated.status_code == 200
    assert (updated.json()["color"], updated.json()["name"], updated.json()["slug"]) == (
        "#abcdef",
        {"en": "Weather+"},
        "weather",
    )
    assert updated.json()["secret"] == weather.secret
    assert client.delete(plugin_url(weather)).status_code == 204
    assert not Plugin.objects.exists()


@pytest.mark.parametrize(("method", "status"), [("get", 200), ("patch", 403), ("delete", 403)])
def test_members_who_may_use_it_may_not_change_it(api_as, admin, weather, method, status):
    response = getattr(api_as(admin), method)(plugin_url(weather), {"slug": "mine"})

    assert response.status_code == status
    if status == 200:
        assert response.json()["secret"] is None
    weather.refresh_from_db()
    assert weather.slug == "weather"


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_outsiders_get_404(api_as, outsider, weather, method):
    response = getattr(api_as(outsider), method)(plugin_url(weather), {"slug": "mine"})

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
    assert Plugin.objects.get().slug == "weather"


# An organization's plugins -----------------------------------------------------------------


def test_any_member_lists_makes_available_and_withdraws(api_as, organization, member, viewer):
    plugin = create(viewer, "mine")
    client = api_as(viewer)

    associated = client.post(organization_plugins_url(organization), {"plugin": str(plugin.pk)})

    assert associated.status_code == 201
    assert associated.json()["slug"] == "mine"
    assert slugs(api_as(member).get(organization_plugins_url(organization))) == ["mine"]
    assert slugs(api_as(member).get(PLUGINS)) == ["mine"]
    again = client.post(organization_plugins_url(organization), {"plugin": str(plugin.pk)})
    assert again.status_code == 201
    assert PluginOrganization.objects.count() == 1

    withdrawn = api_as(member).delete(organization_plugins_url(organization, plugin))

    assert withdrawn.status_code == 204
    assert slugs(api_as(member).get(organization_plugins_url(organization))) == []
    assert slugs(client.get(PLUGINS)) == ["mine"]  # the creator keeps it


def test_a_plugin_one_may_not_use_is_a_field_error(api_as, organization, member, outsider):
    theirs = create(outsider, "globex")

    response = api_as(member).post(
        organization_plugins_url(organization), {"plugin": str(theirs.pk)}
    )

    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == ["plugin"]
    assert not PluginOrganization.objects.exists()


def test_withdrawing_a_plugin_the_organization_does_not_have_is_not_found(
    api_as, organization, member
):
    plugin = create(member)

    response = api_as(member).delete(organization_plugins_url(organization, plugin))

    assert response.status_code == 404


def test_a_plugin_of_another_of_ones_organizations_is_made_available_here(
    api_as, organization, member, admin
):
    elsewhere = OrganizationFactory(owner=admin, name={"en": "Initech"})
    theirs = create(admin, "initech")
    plugin_associate(acting_user=admin, plugin=theirs, organization=elsewhere)
    add_member(elsewhere, member)

    response = api_as(member).post(
        organization_plugins_url(organization), {"plugin": str(theirs.pk)}
    )

    assert response.status_code == 201
    assert response.json()["secret"] is None


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_organization_one_does_not_belong_to_is_not_found(
    api_as, organization, weather, outsider, method
):
    mine = create(outsider, "globex")

    response = getattr(api_as(outsider), method)(
        organization_plugins_url(organization), {"plugin": str(mine.pk)}
    )

    assert response.status_code == 404
    assert (
        api_as(outsider).delete(organization_plugins_url(organization, weather)).status_code == 404
    )
    assert list(PluginOrganization.objects.values_list("plugin__slug", flat=True)) == ["weather"]


def test_a_new_organization_member_sees_its_plugins(api_as, organization, weather):
    newcomer = add_member(organization, UserFactory())

    assert slugs(api_as(newcomer).get(PLUGINS)) == ["weather"]
