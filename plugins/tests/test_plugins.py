"""Plugins: created for their creator alone, made available to organizations by any of
their members, changed and deleted by their creator only (seed 000)."""

import pytest

from common.errors import InvalidInput, NotFound, PermissionDenied
from organizations.models import AuditAction, AuditEvent
from organizations.roles import OrganizationRole
from organizations.services.membership import membership_remove
from organizations.tests.factories import OrganizationFactory, add_member
from plugins.models import Plugin, PluginOrganization
from plugins.selectors import (
    organization_plugin_associations,
    plugin_for_user,
    plugins_of_organization,
    plugins_visible_to,
)
from plugins.services import (
    plugin_associate,
    plugin_create,
    plugin_delete,
    plugin_dissociate,
    plugin_update,
)


def create(creator, slug="weather", **fields) -> Plugin:
    arguments = {
        "name": {"en": "Weather", "nl": "Weer"},
        "base_url": "https://plugins.example.com/weather",
        "authorize": "none",
        **fields,
    }
    return plugin_create(acting_user=creator, slug=slug, **arguments)


@pytest.fixture
def plugin(member):
    return create(member)


def visible(user) -> list[str]:
    return [plugin.slug for plugin in plugins_visible_to(user)]


# Create -------------------------------------------------------------------------------------


def test_a_new_plugin_has_a_secret_and_is_available_to_its_creator_only(
    member, owner, admin, viewer, outsider
):
    plugin = create(
        member,
        description={"en": "Forecasts"},
        url="https://example.com/docs",
        authorize="oauth2",
        color="#1A2B3C",
    )

    assert len(plugin.secret) >= 40
    assert plugin.creator == member
    assert (plugin.authorize, plugin.color) == ("oauth2", "#1a2b3c")
    assert plugin.display_name == "Weather"
    assert visible(member) == ["weather"]
    assert plugins_visible_to(member).get().is_mine
    for other in (owner, admin, viewer, outsider):
        assert visible(other) == []
        with pytest.raises(NotFound):
            plugin_for_user(user=other, plugin_id=plugin.pk)


def test_each_plugin_gets_its_own_secret(member):
    assert create(member, "one").secret != create(member, "two").secret


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"slug": ""}, "slug"),
        ({"slug": "my-plugin"}, "slug"),
        ({"slug": "x" * 51}, "slug"),
        ({"name": {}}, "name"),
        ({"base_url": "http://plugins.example.com"}, "base_url"),
        ({"base_url": "https://plugins.example.com/"}, "base_url"),
        ({"base_url": "https://localhost:8443"}, "base_url"),
        ({"base_url": "https://10.0.0.7/plugin"}, "base_url"),
        ({"base_url": "https://192.168.1.2"}, "base_url"),
        ({"base_url": "https://" + "a" * 990 + ".com"}, "base_url"),
        ({"url": "ftp://example.com"}, "url"),
        ({"authorize": "password"}, "authorize"),
        ({"color": "red"}, "color"),
    ],
)
def test_create_validates_its_input(member, fields, field):
    arguments = {"slug": "weather", **fields}
    with pytest.raises(InvalidInput) as refusal:
        create(member, **arguments)
    assert refusal.value.field == field
    assert not Plugin.objects.exists()


def test_a_slug_is_unique_whatever_its_case(member, outsider):
    create(member, "Weather")
    with pytest.raises(InvalidInput) as refusal:
        create(outsider, "weather")
    assert refusal.value.field == "slug"


# Associate, dissociate ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "admin", "member", "viewer"])
def test_any_member_makes_a_plugin_they_see_available_to_all_members(
    request, organization, owner, admin, member, viewer, outsider, who
):
    associating = request.getfixturevalue(who)
    plugin = create(associating)

    association = plugin_associate(
        acting_user=associating, plugin=plugin, organization=organization
    )

    assert association.associated_by == associating
    for user in (owner, admin, member, viewer):
        assert visible(user) == ["weather"]
        assert plugin_for_user(user=user, plugin_id=plugin.pk) == plugin
    assert visible(outsider) == []
    event = AuditEvent.objects.get(action=AuditAction.PLUGIN_ASSOCIATED)
    assert (event.organization, event.actor) == (organization, associating)


def test_a_plugin_one_cant_see_cant_be_associated(plugin, organization, admin):
    with pytest.raises(NotFound):
        plugin_associate(acting_user=admin, plugin=plugin, organization=organization)
    assert not PluginOrganization.objects.exists()


def test_only_members_associate_with_their_organization(member, other_organization):
    plugin = create(member)
    with pytest.raises(NotFound):
        plugin_associate(acting_user=member, plugin=plugin, organization=other_organization)


def test_a_plugin_seen_through_one_organization_can_be_associated_with_another(
    plugin, member, organization, outsider, other_organization
):
    add_member(other_organization, member, OrganizationRole.VIEWER)
    # Otto sees Mia's plugin once she makes it available to Globex...
    plugin_associate(acting_user=member, plugin=plugin, organization=other_organization)
    second = OrganizationFactory(owner=outsider, name={"en": "Initech"})
    # ...and may then bring it to another organization of his.
    plugin_associate(acting_user=outsider, plugin=plugin, organization=second)

    assert set(plugin.organizations.all()) == {other_organization, second}
    assert organization not in plugin.organizations.all()


def test_associating_twice_changes_nothing(plugin, member, organization):
    first = plugin_associate(acting_user=member, plugin=plugin, organization=organization)
    again = plugin_associate(acting_user=member, plugin=plugin, organization=organization)
    assert first == again
    assert AuditEvent.objects.filter(action=AuditAction.PLUGIN_ASSOCIATED).count() == 1


@pytest.mark.parametrize("who", ["owner", "viewer"])
def test_any_member_dissociates_and_the_creator_keeps_the_plugin(
    request, plugin, member, organization, who
):
    plugin_associate(acting_user=member, plugin=plugin, organization=organization)
    dissociating = request.getfixturevalue(who)

    plugin_dissociate(acting_user=dissociating, plugin=plugin, organization=organization)

    assert visible(dissociating) == []
    assert visible(member) == ["weather"]
    assert AuditEvent.objects.filter(action=AuditAction.PLUGIN_DISSOCIATED).count() == 1
    # The creator's own access is not an association: there is nothing to dissociate.
    with pytest.raises(NotFound):
        plugin_dissociate(acting_user=member, plugin=plugin, organization=organization)
    assert visible(member) == ["weather"]


def test_outsiders_cant_dissociate(plugin, member, organization, outsider):
    plugin_associate(acting_user=member, plugin=plugin, organization=organization)
    with pytest.raises(NotFound):
        plugin_dissociate(acting_user=outsider, plugin=plugin, organization=organization)
    assert PluginOrganization.objects.count() == 1


def test_a_removed_member_loses_the_organizations_plugins(
    plugin, member, owner, admin, organization
):
    plugin_associate(acting_user=member, plugin=plugin, organization=organization)
    assert visible(admin) == ["weather"]

    membership_remove(acting_user=owner, membership=organization.memberships.get(user=admin))

    assert visible(admin) == []


# Update, delete -----------------------------------------------------------------------------


def test_the_creator_updates_and_keeps_the_secret(plugin, member):
    secret = plugin.secret

    plugin_update(
        acting_user=member,
        plugin=plugin,
        slug="forecast",
        name={"en": "Forecast"},
        color="#ffffff",
        authorize="custom",
    )

    plugin.refresh_from_db()
    assert (plugin.slug, plugin.name, plugin.color, plugin.authorize) == (
        "forecast",
        {"en": "Forecast"},
        "#ffffff",
        "custom",
    )
    assert plugin.secret == secret


def test_others_cant_update_or_delete(plugin, member, owner, organization, outsider):
    plugin_associate(acting_user=member, plugin=plugin, organization=organization)
    # The organization's owner sees it: a 403.
    with pytest.raises(PermissionDenied):
        plugin_update(acting_user=owner, plugin=plugin, name={"en": "Mine"})
    with pytest.raises(PermissionDenied):
        plugin_delete(acting_user=owner, plugin=plugin)
    # An outsider doesn't: a 404.
    with pytest.raises(NotFound):
        plugin_update(acting_user=outsider, plugin=plugin, name={"en": "Mine"})
    with pytest.raises(NotFound):
        plugin_delete(acting_user=outsider, plugin=plugin)
    plugin.refresh_from_db()
    assert plugin.name == {"en": "Weather", "nl": "Weer"}


def test_update_refuses_a_taken_slug(plugin, member):
    create(member, "traffic")
    with pytest.raises(InvalidInput):
        plugin_update(acting_user=member, plugin=plugin, slug="TRAFFIC")


def test_deleting_withdraws_it_from_every_organization_with_an_audit_event(
    plugin, member, organization, other_organization
):
    add_member(other_organization, member)
    plugin_associate(acting_user=member, plugin=plugin, organization=organization)
    plugin_associate(acting_user=member, plugin=plugin, organization=other_organization)

    plugin_delete(acting_user=member, plugin=plugin)

    assert not Plugin.objects.exists()
    assert not PluginOrganization.objects.exists()
    events = AuditEvent.objects.filter(action=AuditAction.PLUGIN_DISSOCIATED)
    assert {event.organization for event in events} == {organization, other_organization}
    assert all(event.data["plugin_deleted"] for event in events)


# Selectors: one query ---------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_the_plugins_a_user_sees_are_one_query_without_duplicates(
    member, organization, other_organization, outsider, count, django_assert_num_queries
):
    add_member(other_organization, member)
    for number in range(count):
        create(member, f"mine{number}")
        shared = create(outsider, f"shared{number}")
        plugin_associate(acting_user=outsider, plugin=shared, organization=other_organization)
        plugin_associate(acting_user=member, plugin=shared, organization=organization)
        create(outsider, f"hidden{number}")

    with django_assert_num_queries(1):
        plugins = [
            (plugin.slug, plugin.creator.email, plugin.is_mine)
            for plugin in plugins_visible_to(member)
        ]

    assert len(plugins) == 2 * count
    assert sum(is_mine for _slug, _email, is_mine in plugins) == count
    with django_assert_num_queries(1):
        of_acme = [
            (plugin.slug, plugin.creator.email) for plugin in plugins_of_organization(organization)
        ]
    assert len(of_acme) == count
    with django_assert_num_queries(1):
        associations = [
            (association.plugin.slug, association.associated_by.email)
            for association in organization_plugin_associations(organization)
        ]
    assert len(associations) == count
