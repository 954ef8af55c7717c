"""The Plugins page: what the active organization has, the user's own (their secret shown to
them alone), the others they may use; create, make available or not, edit and delete."""

import pytest
from django.urls import reverse

from organizations.models import AuditAction, AuditEvent
from organizations.tests.factories import OrganizationFactory, UserFactory, add_member
from plugins.models import Plugin, PluginOrganization
from plugins.services import plugin_associate, plugin_create
from plugins.views import PLUGINS_PER_PAGE

PLUGINS = reverse("plugins")


def create(creator, slug="weather", **fields) -> Plugin:
    arguments = {
        "name": {"en": "Weather", "nl": "Weer"},
        "base_url": "https://plugins.example.com/weather",
        **fields,
    }
    return plugin_create(acting_user=creator, slug=slug, **arguments)


def plugin_url(name, plugin) -> str:
    return reverse(name, args=[plugin.pk])


def slugs(plugins) -> list[str]:
    return [plugin.slug for plugin in plugins]


FORM = {
    "slug": "tides",
    "name": "Tides",
    "description": "High and low water",
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


# The page ----------------------------------------------------------------------------------


def test_the_page_lists_the_organizations_plugins_mine_and_the_others(
    client, organization, member, weather, outsider
):
    own = create(member, "private")
    initech_owner = UserFactory()
    elsewhere = OrganizationFactory(owner=initech_owner, name={"en": "Initech"})
    add_member(elsewhere, member)
    theirs = create(initech_owner, "initech")
    plugin_associate(acting_user=initech_owner, plugin=theirs, organization=elsewhere)
    create(outsider, "globex")
    client.force_login(member)

    response = client.get(PLUGINS)

    assert response.status_code == 200
    assert slugs(response.context["available"]) == ["weather"]
    assert slugs(response.context["mine"]) == ["private", "weather"]
    assert slugs(response.context["others"]) == ["initech"]
    content = response.content.decode()
    assert own.secret in content and weather.secret in content
    assert theirs.secret not in content
    assert "globex" not in content


def test_only_the_creator_sees_the_secret(client, organization, member, admin, weather):
    client.force_login(admin)

    response = client.get(PLUGINS)

    assert slugs(response.context["available"]) == ["weather"]
    assert response.context["mine"] == []
    assert weather.secret not in response.content.decode()
    assert f'href="{plugin_url("plugin_edit", weather)}"' not in response.content.decode()


# Create ------------------------------------------------------------------------------------


def test_anyone_creates_a_plugin_for_themselves(client, organization, viewer):
    viewer.locale = "fr"
    viewer.save(update_fields=["locale"])
    client.force_login(viewer)

    response = client.post(reverse("plugin_new"), FORM, follow=True)

    plugin = Plugin.objects.get()
    assert (plugin.slug, plugin.creator, plugin.authorize, plugin.color) == (
        "tides",
        viewer,
        "oauth2",
        "#1a2b3c",
    )
    assert plugin.name == {"fr": "Tides"}
    assert plugin.description == {"fr": "High and low water"}
    assert len(plugin.secret) >= 40
    assert response.redirect_chain[-1][0] == PLUGINS
    assert slugs(response.context["mine"]) == ["tides"]
    assert response.context["available"] == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("slug", "weather", "already exists"),
        ("slug", "no spaces", "letters and digits"),
        ("base_url", "http://tides.example.com", "public https://"),
        ("base_url", "https://localhost/api", "public https://"),
        ("color", "red", "#RRGGBB"),
    ],
)
def test_a_bad_plugin_is_a_field_error(
    client, organization, member, weather, field, value, message
):
    client.force_login(member)

    response = client.post(reverse("plugin_new"), {**FORM, field: value})

    assert response.status_code == 200
    assert message in response.context["create_form"].errors[field][0]
    assert response.context["create_form_open"]
    assert slugs(Plugin.objects.all()) == ["weather"]


# Available or not --------------------------------------------------------------------------


def test_a_member_makes_their_plugin_available_to_everyone_in_the_organization(
    client, organization, member, viewer
):
    plugin = create(member)
    client.force_login(member)

    response = client.post(plugin_url("plugin_associate", plugin), follow=True)

    assert "Plugin Weather is available to everyone in Acme." in response.content.decode()
    assert slugs(response.context["available"]) == ["weather"]
    client.force_login(viewer)
    assert slugs(client.get(PLUGINS).context["available"]) == ["weather"]


def test_any_member_makes_a_plugin_unavailable_and_its_creator_keeps_it(
    client, organization, member, viewer, weather
):
    client.force_login(viewer)

    response = client.post(plugin_url("plugin_dissociate", weather), follow=True)

    assert "no longer available in Acme" in response.content.decode()
    assert response.context["available"] == []
    assert not PluginOrganization.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.PLUGIN_DISSOCIATED).count() == 1
    client.force_login(member)
    assert slugs(client.get(PLUGINS).context["mine"]) == ["weather"]


def test_a_plugin_of_another_organization_of_the_user_is_made_available_here(
    client, organization, member, admin
):
    elsewhere = OrganizationFactory(owner=admin, name={"en": "Initech"})
    theirs = create(admin, "initech")
    plugin_associate(acting_user=admin, plugin=theirs, organization=elsewhere)
    add_member(elsewhere, member)
    client.force_login(member)

    client.post(plugin_url("plugin_associate", theirs))

    assert PluginOrganization.objects.filter(plugin=theirs, organization=organization).exists()


# Edit and delete ---------------------------------------------------------------------------


def test_the_creator_edits_in_their_language_and_keeps_the_others(
    client, organization, member, weather
):
    member.locale = "nl"
    member.save(update_fields=["locale"])
    client.force_login(member)
    form = client.get(plugin_url("plugin_edit", weather)).context["form"]
    data = {name: form[name].value() for name in form.fields}
    assert data["name"] == "Weer"

    response = client.post(
        plugin_url("plugin_edit", weather), {**data, "name": "Het weer", "color": "#ABCDEF"}
    )

    weather.refresh_from_db()
    assert response.url == PLUGINS
    assert weather.name == {"en": "Weather", "nl": "Het weer"}
    assert weather.color == "#abcdef"


def test_an_edit_page_error_is_a_field_error(client, organization, member, weather):
    client.force_login(member)
    form = client.get(plugin_url("plugin_edit", weather)).context["form"]
    data = {name: form[name].value() for name in form.fields}

    response = client.post(plugin_url("plugin_edit", weather), {**data, "base_url": "ftp://x"})

    assert "public https://" in response.context["form"].errors["base_url"][0]


def test_the_creator_deletes_a_plugin(client, organization, member, weather):
    client.force_login(member)

    response = client.post(plugin_url("plugin_delete", weather), follow=True)

    assert "Plugin Weather deleted." in response.content.decode()
    assert not Plugin.objects.exists()


@pytest.mark.parametrize(
    ("method", "name"),
    [("get", "plugin_edit"), ("post", "plugin_edit"), ("post", "plugin_delete")],
)
def test_others_who_see_it_may_not_change_it(client, organization, admin, weather, method, name):
    client.force_login(admin)

    response = getattr(client, method)(plugin_url(name, weather), {**FORM, "slug": "mine"})

    assert response.status_code == 403
    weather.refresh_from_db()
    assert weather.slug == "weather"


@pytest.mark.parametrize(
    "name", ["plugin_edit", "plugin_delete", "plugin_associate", "plugin_dissociate"]
)
def test_outsiders_get_404(client, organization, member, weather, outsider, name):
    client.force_login(outsider)

    assert client.post(plugin_url(name, weather), FORM).status_code == 404
    assert client.get(plugin_url("plugin_edit", weather)).status_code == 404
    weather.refresh_from_db()
    assert weather.slug == "weather"
    assert list(PluginOrganization.objects.values_list("organization", flat=True)) == [
        organization.pk
    ]


# Queries -----------------------------------------------------------------------------------

# Session, user, active organization (the page's language), active membership, the plugins
# with whether each is available here, the sidebar's organizations.
PLUGINS_QUERIES = 6


@pytest.mark.parametrize("count", [5, 50])
def test_the_plugins_page_runs_the_same_queries_at_5_and_50(
    client, organization, owner, member, count, django_assert_num_queries
):
    for number in range(count):
        mine = create(member, f"mine{number}")
        theirs = create(owner, f"theirs{number}")
        plugin_associate(acting_user=owner, plugin=theirs, organization=organization)
        if number % 2:
            plugin_associate(acting_user=member, plugin=mine, organization=organization)
    client.force_login(member)

    with django_assert_num_queries(PLUGINS_QUERIES):
        response = client.get(PLUGINS)

    assert len(response.context["mine"]) == count
    assert len(response.context["available"]) == count + count // 2


def test_every_bad_field_of_a_plugin_is_reported_at_once(client, organization, member):
    client.force_login(member)

    response = client.post(
        reverse("plugin_new"),
        {**FORM, "slug": "no spaces", "base_url": "http://tides.example.com", "color": "red"},
    )

    errors = response.context["create_form"].errors
    assert set(errors) == {"slug", "base_url", "color"}
    assert "letters and digits" in errors["slug"][0]
    assert "public https://" in errors["base_url"][0]
    assert "#RRGGBB" in errors["color"][0]
    assert not Plugin.objects.exists()


# Paged (issue 11) --------------------------------------------------------------------------


@pytest.mark.parametrize("count", [10, 150])
def test_the_plugins_page_shows_one_page_at_the_same_queries_at_10_and_150(
    client, organization, member, count, django_assert_num_queries
):
    Plugin.objects.bulk_create(
        Plugin(
            slug=f"p{number:03}",
            name={"en": f"P{number}"},
            base_url="https://plugins.example.com/p",
            creator=member,
        )
        for number in range(count)
    )
    client.force_login(member)

    with django_assert_num_queries(PLUGINS_QUERIES):
        response = client.get(PLUGINS)

    assert len(response.context["mine"]) == min(count, PLUGINS_PER_PAGE)
    assert ('rel="next"' in response.content.decode()) == (count > PLUGINS_PER_PAGE)


def test_making_a_plugin_available_on_page_2_returns_to_page_2(client, organization, member):
    for number in range(PLUGINS_PER_PAGE + 5):
        create(member, f"p{number:03}")
    last = Plugin.objects.get(slug=f"p{PLUGINS_PER_PAGE + 4:03}")
    client.force_login(member)
    second = client.get(PLUGINS, {"page": 2})
    assert slugs(second.context["mine"]) == [
        f"p{number:03}" for number in range(PLUGINS_PER_PAGE, PLUGINS_PER_PAGE + 5)
    ]

    response = client.post(plugin_url("plugin_associate", last), {"list_query": "page=2"})

    assert response.status_code == 302
    assert response["Location"] == f"{PLUGINS}?page=2"
    assert PluginOrganization.objects.filter(plugin=last, organization=organization).exists()
