"""The Core API's ``plugin`` resource through Luzmo's Python SDK against a live server: a
plugin is its creator's until associated with an organization, whose members may then use
it; only the creator sees its secret and changes it."""

from organizations.models import AuditAction, AuditEvent
from orgsite.tests.coreapi_support import (  # noqa: F401 (live_server_settled: autouse)
    LIVE,
    live_server_settled,
    png_base64,
    sdk_for,
    sdk_refusal,
)
from plugins.models import Plugin, PluginOrganization

pytestmark = LIVE

PROPERTIES = {
    "slug": "salesforce",
    "name": {"en": "Salesforce"},
    "base_url": "https://plugin.example.com/api",
    "authorize": "custom",
    "color": "#00A1E0",
}


def test_create_answers_the_id_and_the_secret(live_server, member, organization):
    created = sdk_for(live_server, member).create("plugin", PROPERTIES)

    plugin = Plugin.objects.get(pk=created["id"])
    assert created["secret"] == plugin.secret and len(plugin.secret) >= 32
    assert (created["slug"], created["authorize"], created["color"]) == (
        "salesforce",
        "custom",
        "#00a1e0",
    )
    assert plugin.creator == member


def test_a_plugin_becomes_the_organizations_by_association(
    live_server, member, viewer, organization, outsider
):
    created = sdk_for(live_server, member).create("plugin", PROPERTIES)
    colleague = sdk_for(live_server, viewer)
    assert colleague.get("plugin", {})["count"] == 0

    # Any member may associate a plugin they see; here from the organization's side.
    sdk_for(live_server, member).associate(
        "organization", str(organization.pk), "Plugins", created["id"]
    )

    seen = colleague.get("plugin", {"include": [{"model": "Organization"}]})
    assert seen["count"] == 1
    assert seen["rows"][0]["secret"] is None
    assert seen["rows"][0]["organizations"] == [
        {"id": str(organization.pk), "name": {"en": "Acme"}}
    ]
    assert AuditEvent.objects.filter(
        action=AuditAction.PLUGIN_ASSOCIATED, organization=organization, actor=member
    ).exists()
    assert sdk_for(live_server, outsider).get("plugin", {})["count"] == 0

    colleague.dissociate("plugin", created["id"], "Organizations", str(organization.pk))
    assert not PluginOrganization.objects.exists()
    assert colleague.get("plugin", {})["count"] == 0


def test_only_the_creator_changes_or_deletes_a_plugin(live_server, member, viewer, organization):
    client = sdk_for(live_server, member)
    created = client.create("plugin", PROPERTIES)
    client.associate("plugin", created["id"], "Organizations", str(organization.pk))

    updated = client.update("plugin", created["id"], {"name": "Salesforce CRM", "url": None})
    assert updated["name"] == {"en": "Salesforce CRM"}
    assert updated["secret"] == created["secret"]
    colleague = sdk_for(live_server, viewer)
    assert sdk_refusal(colleague.update, "plugin", created["id"], {"color": "#000000"}) == (
        "Forbidden: Only the plugin's creator may change or delete it."
    )
    assert sdk_refusal(colleague.delete, "plugin", created["id"]).startswith("Forbidden: ")
    assert client.delete("plugin", created["id"]) == {"code": 200}
    assert not Plugin.objects.exists()


def test_plugin_properties_are_validated(live_server, member, organization):
    client = sdk_for(live_server, member)
    client.create("plugin", PROPERTIES)

    for properties, field in [
        ({**PROPERTIES, "slug": "Sales force"}, "slug"),
        ({**PROPERTIES, "slug": "SALESFORCE"}, "slug"),
        ({**PROPERTIES, "slug": "other", "base_url": "http://localhost:8000"}, "base_url"),
        ({**PROPERTIES, "slug": "other", "authorize": "magic"}, "authorize"),
        ({**PROPERTIES, "slug": "other", "name": {}}, "name"),
        ({**PROPERTIES, "slug": "other", "color": "red"}, "color"),
    ]:
        assert f"\n{field}: " in sdk_refusal(client.create, "plugin", properties), field


def test_a_thumbnail_becomes_the_plugins_icon(live_server, member, organization):
    client = sdk_for(live_server, member)
    created = client.create("plugin", PROPERTIES)
    thumbnail = client.create("thumbnail", {"data": png_base64((64, 64))})

    client.associate("thumbnail", thumbnail["id"], "Plugins", created["id"])

    plugin = Plugin.objects.get(pk=created["id"])
    assert plugin.icon.name.startswith("plugin_icons/")
    icon = client.get("plugin", {"where": {"id": created["id"]}, "attributes": ["thumbnail"]})
    assert icon["rows"][0]["thumbnail"].endswith(plugin.icon.url)
    client.dissociate("plugin", created["id"], "Thumbnails", thumbnail["id"])
    plugin.refresh_from_db()
    assert not plugin.icon


def test_other_organizations_plugins_and_organizations_are_out_of_reach(
    live_server, member, organization, outsider, other_organization
):
    theirs = sdk_for(live_server, outsider).create("plugin", {**PROPERTIES, "slug": "globex"})
    client = sdk_for(live_server, member)
    mine = client.create("plugin", PROPERTIES)

    for call, args in [
        (client.update, ("plugin", theirs["id"], {"color": "#000000"})),
        (client.delete, ("plugin", theirs["id"])),
        (client.associate, ("plugin", theirs["id"], "Organizations", str(organization.pk))),
        (client.associate, ("plugin", mine["id"], "Organizations", str(other_organization.pk))),
    ]:
        assert sdk_refusal(call, *args).startswith("Not Found: "), args
    assert client.get("plugin", {"where": {"id": theirs["id"]}}) == {"count": 0, "rows": []}
    assert not PluginOrganization.objects.exists()
