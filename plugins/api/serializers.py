"""Shapes of plugins in the REST API. Input serializers only parse: ``plugins.services``
validates slugs, addresses, colors and localized texts, and says why not."""

from rest_framework import serializers

from accounts.models import User
from common.rest.fields import LocalizedTextField, OptionalLocalizedTextField
from plugins.models import Plugin, PluginAuthorization
from plugins.selectors import ERR_PLUGIN_NOT_FOUND, plugins_visible_to


class PluginCreatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "name"]
        read_only_fields = fields


class PluginSerializer(serializers.ModelSerializer):
    """A plugin; its ``secret`` only for its creator (null for everyone else)."""

    name = LocalizedTextField(read_only=True)
    display_name = serializers.CharField(read_only=True, help_text="The name in your language.")
    description = OptionalLocalizedTextField(read_only=True)
    secret = serializers.SerializerMethodField(
        help_text="Sent with each call to the plugin (X-Secret). Shown to its creator only."
    )
    is_mine = serializers.SerializerMethodField(help_text="Did you create it?")
    # Not a URLField: the website is optional, and "" is no URI.
    url = serializers.CharField(read_only=True, help_text="Its website, or empty.")
    creator = PluginCreatorSerializer(read_only=True)

    class Meta:
        model = Plugin
        fields = [
            "id",
            "slug",
            "name",
            "display_name",
            "description",
            "base_url",
            "url",
            "authorize",
            "color",
            "secret",
            "is_mine",
            "creator",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_is_mine(self, plugin: Plugin) -> bool:
        return plugin.creator_id == self.context["request"].user.pk

    def get_secret(self, plugin: Plugin) -> str | None:
        return plugin.secret if self.get_is_mine(plugin) else None


class PluginCreateSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="Unique: 1 to 50 letters and digits.")
    name = LocalizedTextField()
    description = OptionalLocalizedTextField(required=False)
    base_url = serializers.CharField(
        help_text="The public https:// address its endpoints are under, without a trailing slash."
    )
    url = serializers.CharField(required=False, allow_blank=True, help_text="Its website.")
    authorize = serializers.ChoiceField(choices=PluginAuthorization.choices, required=False)
    color = serializers.CharField(required=False, allow_blank=True, help_text="#RRGGBB.")


class PluginUpdateSerializer(PluginCreateSerializer):
    """Fields left out keep their value; the secret never changes."""

    slug = serializers.CharField(required=False)
    name = LocalizedTextField(required=False)
    base_url = serializers.CharField(required=False)


class VisiblePluginField(serializers.PrimaryKeyRelatedField):
    """A plugin id, resolved among the plugins the caller may use."""

    default_error_messages = {"does_not_exist": ERR_PLUGIN_NOT_FOUND}

    def __init__(self, **kwargs):
        super().__init__(pk_field=serializers.UUIDField(), **kwargs)

    def get_queryset(self):
        return plugins_visible_to(self.context["request"].user)


class PluginAssociateSerializer(serializers.Serializer):
    plugin = VisiblePluginField(help_text="Id of a plugin you may use.")
