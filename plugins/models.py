import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from common.localized import localized_text


class PluginAuthorization(models.TextChoices):
    """How a plugin authenticates the users who connect to it (Luzmo's ``authorize``)."""

    NONE = "none", _("None")
    CUSTOM = "custom", _("Custom properties")
    OAUTH2 = "oauth2", _("OAuth 2.0")


# What Luzmo's plugin API lets a plugin declare about itself, with Luzmo's defaults: stored
# and answered (orgsite runs no queries through plugins, so nothing else reads them yet).
PLUGIN_FLAGS = (
    "tiles",
    "search",
    "public",
    "pushdown",
    "supports_like",
    "supports_distinctcount",
    "supports_order_limit",
    "supports_join",
    "supports_sql",
    "supports_nested_filters",
)
PROTOCOL_VERSIONS = ("1.0.0", "2.0.0", "3.0.0")
DEFAULT_PROTOCOL_VERSION = "1.0.0"


def default_capabilities() -> dict:
    return {
        **dict.fromkeys(PLUGIN_FLAGS, False),
        "protocol_version": DEFAULT_PROTOCOL_VERSION,
        "license": None,
    }


SLUG_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9]{1,50}\Z", _("Use 1 to 50 letters and digits, without spaces or signs.")
)
COLOR_VALIDATOR = RegexValidator(r"^#[0-9a-fA-F]{6}\Z", _("Give a color as #RRGGBB."))


class Plugin(models.Model):
    """A data connector. Available to its creator, and to every member of the organizations
    it is associated with."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.CharField(_("slug"), max_length=50, unique=True, validators=[SLUG_VALIDATOR])
    name = models.JSONField(_("name"), help_text=_('Localized: {"en": "…", "nl": "…", "fr": "…"}.'))
    description = models.JSONField(_("description"), default=dict, blank=True)
    base_url = models.URLField(
        _("base URL"),
        max_length=1000,
        help_text=_("HTTPS address its endpoints (/authorize, /datasets, /query) are under."),
    )
    url = models.URLField(_("website"), max_length=1000, blank=True)
    authorize = models.CharField(
        _("authorization"),
        max_length=10,
        choices=PluginAuthorization.choices,
        default=PluginAuthorization.NONE,
    )
    color = models.CharField(_("color"), max_length=7, blank=True, validators=[COLOR_VALIDATOR])
    # Luzmo's plugin thumbnail: set by associating an uploaded thumbnail, stored re-encoded
    # like organization logos.
    icon = models.ImageField(_("icon"), upload_to="plugin_icons/", blank=True)
    # Stored as is, not hashed (unlike API tokens): the platform sends it with each call to
    # the plugin (X-Secret) and the plugin's author configures their plugin with it, so both
    # must be able to read it back. Only the creator is ever shown it (see plugins.selectors).
    secret = models.CharField(_("secret"), max_length=64, editable=False)
    # PROTECT: deleting the account would withdraw the plugin from every organization using
    # it; the creator deletes the plugin first, deliberately.
    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("creator"),
        on_delete=models.PROTECT,
        related_name="created_plugins",
    )
    organizations = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("organizations"),
        through="PluginOrganization",
        related_name="plugins",
    )
    # PLUGIN_FLAGS, protocol_version and license, as the plugin's creator declared them.
    capabilities = models.JSONField(_("capabilities"), default=default_capabilities, blank=True)
    # Set by operators once they have checked the plugin (Luzmo's review of public plugins).
    reviewed = models.BooleanField(_("reviewed"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("plugin")
        verbose_name_plural = _("plugins")
        ordering = ["slug"]
        constraints = [
            models.UniqueConstraint(Lower("slug"), name="plugin_slug_case_insensitive_unique"),
            models.CheckConstraint(
                condition=models.Q(authorize__in=PluginAuthorization.values),
                name="plugin_authorize_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.slug

    @property
    def display_name(self) -> str:
        return localized_text(self.name) or self.slug

    @property
    def display_description(self) -> str:
        return localized_text(self.description)


class PluginOrganization(models.Model):
    """A plugin made available to every member of an organization."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plugin = models.ForeignKey(
        Plugin, verbose_name=_("plugin"), on_delete=models.CASCADE, related_name="associations"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="plugin_associations",
    )
    associated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("associated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("associated at"), auto_now_add=True)

    class Meta:
        verbose_name = _("plugin of an organization")
        verbose_name_plural = _("plugins of organizations")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plugin", "organization"], name="plugin_organization_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plugin} → {self.organization}"
