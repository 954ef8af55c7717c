"""Plugins and their association with organizations: every write goes through here.

A plugin is available to its creator and to the members of the organizations it is
associated with. Any member of an organization (``Capability.ASSOCIATE_PLUGINS``) may
associate a plugin they can see with it, or dissociate one; only the creator updates or
deletes a plugin. Associations are audited in the organization's log.
"""

import ipaddress
import secrets
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from common.errors import InvalidInput, NotFound, PermissionDenied
from common.images import logo_process
from common.localized import clean_localized_text
from organizations.models import AuditAction, Organization
from organizations.roles import Capability
from organizations.services.access import require_capability
from organizations.services.audit import audit_record
from plugins.models import (
    COLOR_VALIDATOR,
    PLUGIN_FLAGS,
    PROTOCOL_VERSIONS,
    SLUG_VALIDATOR,
    Plugin,
    PluginAuthorization,
    PluginOrganization,
    default_capabilities,
)
from plugins.selectors import ERR_PLUGIN_NOT_FOUND, plugins_visible_to

ERR_SLUG_INVALID = _("A slug has 1 to 50 letters and digits, without spaces or signs.")
ERR_SLUG_TAKEN = _("A plugin with the slug “%(slug)s” already exists.")
ERR_BASE_URL_INVALID = _(
    "The base URL must be a public https:// address of at most 1000 characters, "
    "without a trailing slash."
)
ERR_URL_INVALID = _("Enter a valid http:// or https:// address of at most 1000 characters.")
ERR_AUTHORIZE_INVALID = _("Choose an authorization: none, custom or oauth2.")
ERR_COLOR_INVALID = _("Give a color as #RRGGBB.")
ERR_CREATOR_ONLY = _("Only the plugin's creator may change or delete it.")
ERR_NOT_ASSOCIATED = _("This plugin is not available to the organization.")

# Marks a keyword argument of plugin_update that the caller did not pass.
UNCHANGED: Any = object()

SECRET_BYTES = 32


def _new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


def _clean_slug(slug: str, *, exclude: Plugin | None = None) -> str:
    slug = (slug or "").strip()
    try:
        SLUG_VALIDATOR(slug)
    except ValidationError as error:
        raise InvalidInput(ERR_SLUG_INVALID, field="slug") from error
    clashes = Plugin.objects.filter(slug__iexact=slug)
    if exclude is not None:
        clashes = clashes.exclude(pk=exclude.pk)
    if clashes.exists():
        raise InvalidInput(ERR_SLUG_TAKEN % {"slug": slug}, field="slug")
    return slug


def _is_public_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return "." in host
    return address.is_global


def _clean_base_url(base_url: str) -> str:
    """Luzmo's rule: an https address that Luzmo can reach (no localhost or private
    network), at most 1000 characters, its endpoints appended after it."""
    base_url = (base_url or "").strip()
    try:
        URLValidator(schemes=["https"])(base_url)
    except ValidationError as error:
        raise InvalidInput(ERR_BASE_URL_INVALID, field="base_url") from error
    host = urlsplit(base_url).hostname or ""
    if len(base_url) > 1000 or base_url.endswith("/") or not _is_public_host(host):
        raise InvalidInput(ERR_BASE_URL_INVALID, field="base_url")
    return base_url


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as error:
        raise InvalidInput(ERR_URL_INVALID, field="url") from error
    if len(url) > 1000:
        raise InvalidInput(ERR_URL_INVALID, field="url")
    return url


def _clean_authorize(authorize: str) -> str:
    if authorize not in PluginAuthorization.values:
        raise InvalidInput(ERR_AUTHORIZE_INVALID, field="authorize")
    return authorize


def _clean_color(color: str) -> str:
    color = (color or "").strip()
    if not color:
        return ""
    try:
        COLOR_VALIDATOR(color)
    except ValidationError as error:
        raise InvalidInput(ERR_COLOR_INVALID, field="color") from error
    return color.lower()


def _clean_description(description: Any) -> dict[str, str]:
    if description in (None, {}, ""):
        return {}
    return clean_localized_text(description, field="description", max_length=2000)


def _save_unique(plugin: Plugin, **kwargs: Any) -> None:
    """Saves; a slug taken by a concurrent request is the same refusal as one taken before."""
    try:
        with transaction.atomic():
            plugin.save(**kwargs)
    except IntegrityError as error:
        raise InvalidInput(ERR_SLUG_TAKEN % {"slug": plugin.slug}, field="slug") from error


@transaction.atomic
def plugin_create(
    *,
    acting_user: User,
    slug: str,
    name: dict[str, str],
    base_url: str,
    authorize: str = PluginAuthorization.NONE,
    description: dict[str, str] | None = None,
    url: str = "",
    color: str = "",
    capabilities: dict[str, Any] | None = None,
) -> Plugin:
    """Creates a plugin with a new secret; at first only its creator can see and use it."""
    plugin = Plugin(
        capabilities=clean_capabilities(capabilities or {}, current=default_capabilities()),
        slug=_clean_slug(slug),
        name=clean_localized_text(name, field="name"),
        description=_clean_description(description),
        base_url=_clean_base_url(base_url),
        url=_clean_url(url),
        authorize=_clean_authorize(authorize),
        color=_clean_color(color),
        secret=_new_secret(),
        creator=acting_user,
    )
    _save_unique(plugin)
    return plugin


def _locked_own_plugin(acting_user: User, plugin: Plugin) -> Plugin:
    """The plugin, locked, if the acting user created it. Others who can see it get a 403,
    those who can't a 404."""
    locked = Plugin.objects.select_for_update().filter(pk=plugin.pk).first()
    if locked is None or not plugins_visible_to(acting_user).filter(pk=plugin.pk).exists():
        raise NotFound(ERR_PLUGIN_NOT_FOUND)
    if locked.creator_id != acting_user.pk:
        raise PermissionDenied(ERR_CREATOR_ONLY)
    return locked


def _field_cleaners(plugin: Plugin | None) -> dict[str, Any]:
    """Each plugin field's check (a refusal is InvalidInput), for ``plugin`` (None: a new
    plugin), shared by plugin_update and plugin_input_problems."""
    return {
        "slug": lambda value: _clean_slug(value, exclude=plugin),
        "name": lambda value: clean_localized_text(value, field="name"),
        "description": _clean_description,
        "base_url": _clean_base_url,
        "url": _clean_url,
        "authorize": _clean_authorize,
        "color": _clean_color,
        "capabilities": lambda value: clean_capabilities(
            value, current=plugin.capabilities if plugin is not None else {}
        ),
    }


@transaction.atomic
def plugin_update(
    *,
    acting_user: User,
    plugin: Plugin,
    slug: str = UNCHANGED,
    name: dict[str, str] = UNCHANGED,
    description: dict[str, str] | None = UNCHANGED,
    base_url: str = UNCHANGED,
    url: str = UNCHANGED,
    authorize: str = UNCHANGED,
    color: str = UNCHANGED,
    icon: Any = UNCHANGED,
    capabilities: dict[str, Any] = UNCHANGED,
) -> Plugin:
    """Changes a plugin's properties (its creator only). The secret never changes here.
    ``icon`` is an image file, checked and re-encoded like a logo; ``icon=None`` removes it."""
    plugin = _locked_own_plugin(acting_user, plugin)
    cleaners = _field_cleaners(plugin)
    given = {
        "slug": slug,
        "name": name,
        "description": description,
        "base_url": base_url,
        "url": url,
        "authorize": authorize,
        "color": color,
        "capabilities": capabilities,
    }
    changed = []
    for field, value in given.items():
        if value is UNCHANGED:
            continue
        cleaned = cleaners[field](value)
        if getattr(plugin, field) != cleaned:
            setattr(plugin, field, cleaned)
            changed.append(field)
    old_icon_name = plugin.icon.name if plugin.icon else ""
    if icon is not UNCHANGED and icon is not None:
        processed = logo_process(icon)
        plugin.icon.save(processed.name, processed, save=False)
        changed.append("icon")
    elif icon is None and old_icon_name:
        plugin.icon = ""
        changed.append("icon")
    if changed:
        _save_unique(plugin, update_fields=[*changed, "updated_at"])
    if "icon" in changed and old_icon_name:
        storage = plugin.icon.storage
        transaction.on_commit(lambda: storage.delete(old_icon_name))
    return plugin


@transaction.atomic
def plugin_delete(*, acting_user: User, plugin: Plugin) -> None:
    """Deletes a plugin (its creator only); every organization it was available to loses
    it, and each one's audit log says so."""
    plugin = _locked_own_plugin(acting_user, plugin)
    for association in plugin.associations.select_related("organization"):
        audit_record(
            action=AuditAction.PLUGIN_DISSOCIATED,
            organization=association.organization,
            actor=acting_user,
            data={"plugin_id": str(plugin.pk), "plugin": plugin.slug, "plugin_deleted": True},
        )
    icon_name, storage = (plugin.icon.name if plugin.icon else ""), plugin.icon.storage
    plugin.delete()
    if icon_name:
        transaction.on_commit(lambda: storage.delete(icon_name))


@transaction.atomic
def plugin_associate(
    *, acting_user: User, plugin: Plugin, organization: Organization
) -> PluginOrganization:
    """Makes a plugin the acting user can see available to every member of one of their
    organizations (any member may). Associating it again changes nothing."""
    require_capability(acting_user, organization, Capability.ASSOCIATE_PLUGINS)
    if not plugins_visible_to(acting_user).filter(pk=plugin.pk).exists():
        raise NotFound(ERR_PLUGIN_NOT_FOUND)
    association, created = PluginOrganization.objects.get_or_create(
        plugin=plugin, organization=organization, defaults={"associated_by": acting_user}
    )
    if created:
        audit_record(
            action=AuditAction.PLUGIN_ASSOCIATED,
            organization=organization,
            actor=acting_user,
            data={"plugin_id": str(plugin.pk), "plugin": plugin.slug},
        )
    return association


@transaction.atomic
def plugin_dissociate(*, acting_user: User, plugin: Plugin, organization: Organization) -> None:
    """Withdraws a plugin from an organization (any member may). Its creator keeps it: their
    own access is not an association and can't be removed."""
    require_capability(acting_user, organization, Capability.ASSOCIATE_PLUGINS)
    deleted, _detail = PluginOrganization.objects.filter(
        plugin=plugin, organization=organization
    ).delete()
    if not deleted:
        raise NotFound(ERR_NOT_ASSOCIATED)
    audit_record(
        action=AuditAction.PLUGIN_DISSOCIATED,
        organization=organization,
        actor=acting_user,
        data={"plugin_id": str(plugin.pk), "plugin": plugin.slug},
    )


ERR_CAPABILITY_FLAG = _("Give true or false here.")
ERR_PROTOCOL_VERSION = _("Choose the protocol version: 1.0.0, 2.0.0 or 3.0.0.")
ERR_LICENSE = _("Give the license as a text of at most 100 characters.")


def clean_capabilities(given: dict[str, Any], *, current: dict[str, Any]) -> dict[str, Any]:
    """The plugin's declared capabilities: ``current`` with the ``given`` ones changed, each
    checked (flags are booleans, the protocol version one of Luzmo's, the license a text)."""
    cleaned = {**default_capabilities(), **(current or {})}
    for name, value in given.items():
        if name in PLUGIN_FLAGS:
            if not isinstance(value, bool):
                raise InvalidInput(ERR_CAPABILITY_FLAG, field=name)
        elif name == "protocol_version":
            if value not in PROTOCOL_VERSIONS:
                raise InvalidInput(ERR_PROTOCOL_VERSION, field=name)
        elif name == "license":
            if value is not None and (not isinstance(value, str) or len(value) > 100):
                raise InvalidInput(ERR_LICENSE, field=name)
        else:
            continue
        cleaned[name] = value
    return cleaned


def plugin_input_problems(
    *, fields: dict[str, Any], plugin: Plugin | None = None
) -> dict[str, str]:
    """Every field that plugin_create (or plugin_update of ``plugin``) would refuse, with
    its message, all at once: a form shows them together. The service still decides."""
    cleaners = _field_cleaners(plugin)
    problems = {}
    for field, value in fields.items():
        if field not in cleaners:
            continue
        try:
            cleaners[field](value)
        except InvalidInput as error:
            problems[error.field or field] = error.message
    return problems
