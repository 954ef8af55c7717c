"""The audit log as sentences in the reader's language.

The stored event stays structured data (ids, codes, the names as they were); this module
turns a page of events into "Adam Admin changed Mia Member's role from Member to Viewer",
naming people, teams, dashboards, datasets, plugins and plans as they are called *now*,
with one query per kind for the whole page. Whatever is gone since reads "a deleted team",
"a deleted dashboard"…, except in the event that deleted it, which names it as it was.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from organizations.models import (
    AuditAction,
    AuditEvent,
    Organization,
    Plan,
    Securable,
    SecurableType,
    Team,
)
from organizations.models.invoice import InvoiceStatus
from organizations.models.organization import Region
from organizations.roles import AccessLevel, OrganizationRole, TeamRole


@dataclass
class _Names:
    """Current names of what a page of events mentions, each kind fetched in one query."""

    users: dict[str, str] = field(default_factory=dict)
    teams: dict[str, str] = field(default_factory=dict)
    securables: dict[str, str] = field(default_factory=dict)
    plugins: dict[str, str] = field(default_factory=dict)
    plans: dict[str, str] = field(default_factory=dict)


def _ids(events: list[AuditEvent], *keys: str) -> set[str]:
    found: set[str] = set()
    for event in events:
        for key in keys:
            value = event.data.get(key)
            if isinstance(value, list):
                found.update(str(item) for item in value if item)
            elif value:
                found.add(str(value))
    return found


def _valid_ids(ids: Iterable[str], model) -> list[Any]:
    """Ids that the model's primary key accepts; a malformed one simply resolves to nothing."""
    valid = []
    for value in ids:
        try:
            valid.append(model._meta.pk.to_python(value))
        except Exception:  # any malformed stored id is just unknown
            continue
    return valid


def _resolve(events: list[AuditEvent]) -> _Names:
    names = _Names()
    user_model = get_user_model()
    user_ids = _valid_ids(_ids(events, "previous_owner"), user_model)
    if user_ids:
        names.users = {
            str(user.pk): user.get_full_name() or user.email
            for user in user_model.objects.filter(pk__in=user_ids).only("pk", "email", "name")
        }
    team_ids = _valid_ids(_ids(events, "team_id", "teams"), Team)
    if team_ids:
        names.teams = {
            str(pk): name
            for pk, name in Team.objects.filter(pk__in=team_ids).values_list("pk", "name")
        }
    securable_ids = _valid_ids(_ids(events, "securable_id"), Securable)
    if securable_ids:
        names.securables = {
            str(securable.pk): securable.display_name
            for securable in Securable.objects.filter(pk__in=securable_ids).only("pk", "name")
        }
    # Plugins are another app's (which depends on this one): looked up by name, not imported.
    plugin_model = apps.get_model("plugins", "Plugin")
    plugin_ids = _valid_ids(_ids(events, "plugin_id"), plugin_model)
    if plugin_ids:
        names.plugins = {
            str(plugin.pk): plugin.display_name
            for plugin in plugin_model.objects.filter(pk__in=plugin_ids).only("pk", "name", "slug")
        }
    plan_codes = _ids(
        [event for event in events if event.action == AuditAction.PLAN_CHANGED], "from", "to"
    )
    if plan_codes:
        names.plans = dict(Plan.objects.filter(code__in=plan_codes).values_list("code", "name"))
    return names


def _label(choices, value: Any) -> str:
    """The translated label of a stored choice value (a role, a level, a status)."""
    if value in (None, ""):
        return ""
    if choices is AccessLevel and isinstance(value, str) and not value.isdigit():
        member = AccessLevel.__members__.get(value.upper())
        return str(member.label) if member is not None else value
    try:
        return str(choices(type(choices.values[0])(value)).label)
    except (ValueError, TypeError):
        return str(value)


def _escaped(method: Callable[..., str]) -> Callable[..., str]:
    @wraps(method)
    def escaped(*args, **kwargs) -> str:
        return conditional_escape(method(*args, **kwargs))

    return escaped


def _text_list(items: Iterable[str]) -> str:
    """ "A, B and C" in the active language, each item escaped."""
    return mark_safe(get_text_list([conditional_escape(item) for item in items], _("and")))


class _Sentence:
    """The parts of one event's sentence. Each part comes HTML-escaped (names are people's
    input); the translated frame around them holds no markup."""

    def __init__(self, event: AuditEvent, names: _Names):
        self.event = event
        self.data = event.data if isinstance(event.data, dict) else {}
        self.names = names

    def value(self, key: str) -> str:
        """A stored detail as it was written (an invoice number, a former team name)."""
        return conditional_escape(self.data.get(key) or "")

    def email(self) -> str:
        return conditional_escape(self.event.target_email)

    @_escaped
    def actor(self) -> str:
        event = self.event
        if event.actor is not None:
            name = event.actor.get_full_name() or event.actor.email
        else:
            name = event.actor_email or (
                _("An operator") if event.by_operator else pgettext("audit actor", "The system")
            )
        if event.by_operator:
            return _("%(name)s (operator)") % {"name": name}
        return name

    @_escaped
    def target(self) -> str:
        event = self.event
        if event.target_user is not None:
            return event.target_user.get_full_name() or event.target_user.email
        return event.target_email or _("a deleted user")

    @_escaped
    def team(self, *, gone_name_ok: bool = False) -> str:
        team_id = self.data.get("team_id")
        if team_id and str(team_id) in self.names.teams:
            return self.names.teams[str(team_id)]
        if gone_name_ok or not team_id:
            # The deleting event names the team as it was; old events without an id too.
            return self.data.get("team") or _("a deleted team")
        return _("a deleted team")

    def teams(self) -> str:
        return _text_list(
            self.names.teams.get(str(team_id), _("a deleted team"))
            for team_id in self.data.get("teams") or []
        )

    @_escaped
    def securable(self, *, gone_name_ok: bool = False) -> str:
        securable_id = self.data.get("securable_id")
        if securable_id and str(securable_id) in self.names.securables:
            return self.names.securables[str(securable_id)]
        if gone_name_ok and self.data.get("securable"):
            return self.data["securable"]
        if self.data.get("type") == SecurableType.DATASET:
            return _("a deleted dataset")
        return _("a deleted dashboard")

    @_escaped
    def securable_kind(self) -> str:
        return _label(SecurableType, self.data.get("type")).lower()

    @_escaped
    def grantee(self) -> str:
        if self.data.get("team_id"):
            return self.team()
        return self.target()

    @_escaped
    def plugin(self) -> str:
        plugin_id = self.data.get("plugin_id")
        if plugin_id and str(plugin_id) in self.names.plugins:
            return self.names.plugins[str(plugin_id)]
        return self.data.get("plugin") or _("a deleted plugin")

    @_escaped
    def plan(self, key: str) -> str:
        code = self.data.get(key) or ""
        return self.names.plans.get(code, code)

    @_escaped
    def previous_owner(self) -> str:
        return self.names.users.get(str(self.data.get("previous_owner")), _("a deleted user"))

    def fields(self, model, labels: dict[str, str] | None = None) -> str:
        labels = labels or {}
        readable = []
        for name in self.data.get("fields") or []:
            if name in labels:
                readable.append(labels[name])
                continue
            try:
                readable.append(str(model._meta.get_field(name).verbose_name))
            except Exception:  # a field removed since reads as stored
                readable.append(str(name))
        return _text_list(readable)


def _organization_created(s: _Sentence) -> str:
    return _("%(actor)s created the organization in the region %(region)s") % {
        "actor": s.actor(),
        "region": _label(Region, s.data.get("region")),
    }


def _organization_updated(s: _Sentence) -> str:
    return _("%(actor)s changed the organization's settings: %(fields)s") % {
        "actor": s.actor(),
        "fields": s.fields(Organization),
    }


def _ownership_transferred(s: _Sentence) -> str:
    if s.data.get("previous_owner"):
        return _(
            "%(actor)s transferred ownership from %(previous)s to %(target)s, "
            "who was %(role)s; %(previous)s is now Admin"
        ) % {
            "actor": s.actor(),
            "previous": s.previous_owner(),
            "target": s.target(),
            "role": _label(OrganizationRole, s.data.get("previous_role")),
        }
    return _("%(actor)s made %(target)s the owner") % {"actor": s.actor(), "target": s.target()}


def _invitation_accepted(s: _Sentence) -> str:
    values = {
        "target": s.target(),
        "role": _label(OrganizationRole, s.data.get("role")),
        "teams": s.teams(),
        "team_role": _label(TeamRole, s.data.get("team_role")),
    }
    if s.data.get("teams"):
        return (
            _(
                "%(target)s accepted the invitation and joined as %(role)s, "
                "in %(teams)s as %(team_role)s"
            )
            % values
        )
    return _("%(target)s accepted the invitation and joined as %(role)s") % values


def _member_joined(s: _Sentence) -> str:
    values = {
        "target": s.target(),
        "role": _label(OrganizationRole, s.data.get("role")),
        "teams": s.teams(),
    }
    if s.data.get("teams"):
        return _("%(target)s joined as %(role)s, in %(teams)s") % values
    return _("%(target)s joined as %(role)s") % values


def _team_deleted(s: _Sentence) -> str:
    values = {"actor": s.actor(), "team": s.team(gone_name_ok=True)}
    moved = s.data.get("members_moved") or 0
    if moved and s.data.get("members_moved_to"):
        return _("%(actor)s deleted the team %(team)s; %(count)s members moved to %(fallback)s") % {
            **values,
            "count": moved,
            "fallback": s.value("members_moved_to"),
        }
    return _("%(actor)s deleted the team %(team)s") % values


def _securable_shared(s: _Sentence) -> str:
    return _("%(actor)s shared %(securable)s with %(grantee)s at %(level)s") % {
        "actor": s.actor(),
        "securable": s.securable(),
        "grantee": s.grantee(),
        "level": _label(AccessLevel, s.data.get("level")),
    }


def _share_changed(s: _Sentence) -> str:
    return _(
        "%(actor)s changed the access of %(grantee)s to %(securable)s from %(from)s to %(to)s"
    ) % {
        "actor": s.actor(),
        "securable": s.securable(),
        "grantee": s.grantee(),
        "from": _label(AccessLevel, s.data.get("from")),
        "to": _label(AccessLevel, s.data.get("level")),
    }


def _invoice_created(s: _Sentence) -> str:
    return _("Invoice %(invoice)s was drawn up for %(period)s, total %(total)s") % {
        "invoice": s.value("invoice"),
        "period": s.value("period"),
        "total": s.value("total"),
    }


# Each action's sentence. Names are placeholders, so translators may reorder them.
_SENTENCES: dict[str, Callable[[_Sentence], str]] = {
    AuditAction.ORGANIZATION_CREATED: _organization_created,
    AuditAction.ORGANIZATION_UPDATED: _organization_updated,
    AuditAction.ORGANIZATION_DELETED: lambda s: (
        _("%(actor)s deleted the organization") % {"actor": s.actor()}
    ),
    AuditAction.PLAN_CHANGED: lambda s: (
        _("%(actor)s changed the plan from %(from)s to %(to)s")
        % {"actor": s.actor(), "from": s.plan("from"), "to": s.plan("to")}
    ),
    AuditAction.OWNERSHIP_TRANSFERRED: _ownership_transferred,
    AuditAction.MEMBER_JOINED: _member_joined,
    AuditAction.MEMBER_ROLE_CHANGED: lambda s: (
        _("%(actor)s changed %(target)s's role from %(from)s to %(to)s")
        % {
            "actor": s.actor(),
            "target": s.target(),
            "from": _label(OrganizationRole, s.data.get("from")),
            "to": _label(OrganizationRole, s.data.get("to")),
        }
    ),
    AuditAction.MEMBER_REMOVED: lambda s: (
        _("%(actor)s removed %(target)s from the organization")
        % {"actor": s.actor(), "target": s.target()}
    ),
    AuditAction.MEMBER_LEFT: lambda s: (
        _("%(target)s left the organization") % {"target": s.target()}
    ),
    AuditAction.INVITATION_SENT: lambda s: (
        _("%(actor)s invited %(email)s as %(role)s")
        % {
            "actor": s.actor(),
            "email": s.email(),
            "role": _label(OrganizationRole, s.data.get("role")),
        }
    ),
    AuditAction.INVITATION_RESENT: lambda s: (
        _("%(actor)s sent a new invitation to %(email)s; the previous link no longer works")
        % {"actor": s.actor(), "email": s.email()}
    ),
    AuditAction.INVITATION_REVOKED: lambda s: (
        _("%(actor)s removed the invitation to %(email)s")
        % {"actor": s.actor(), "email": s.email()}
    ),
    AuditAction.INVITATION_ACCEPTED: _invitation_accepted,
    AuditAction.TEAM_CREATED: lambda s: (
        _("%(actor)s created the team %(team)s")
        % {"actor": s.actor(), "team": s.team(gone_name_ok=True)}
    ),
    AuditAction.TEAM_RENAMED: lambda s: (
        _("%(actor)s renamed the team %(from)s to %(to)s")
        % {"actor": s.actor(), "from": s.value("from"), "to": s.value("to")}
    ),
    AuditAction.TEAM_DELETED: _team_deleted,
    AuditAction.TEAM_MEMBER_ADDED: lambda s: (
        _("%(actor)s added %(target)s to %(team)s as %(role)s")
        % {
            "actor": s.actor(),
            "target": s.target(),
            "team": s.team(),
            "role": _label(TeamRole, s.data.get("role")),
        }
    ),
    AuditAction.TEAM_MEMBER_REMOVED: lambda s: (
        _("%(actor)s removed %(target)s from %(team)s")
        % {"actor": s.actor(), "target": s.target(), "team": s.team()}
    ),
    AuditAction.TEAM_MEMBER_ROLE_CHANGED: lambda s: (
        _("%(actor)s changed %(target)s's role in %(team)s from %(from)s to %(to)s")
        % {
            "actor": s.actor(),
            "target": s.target(),
            "team": s.team(),
            "from": _label(TeamRole, s.data.get("from")),
            "to": _label(TeamRole, s.data.get("to")),
        }
    ),
    AuditAction.SECURABLE_CREATED: lambda s: (
        _("%(actor)s created the %(kind)s %(securable)s")
        % {"actor": s.actor(), "kind": s.securable_kind(), "securable": s.securable()}
    ),
    AuditAction.SECURABLE_UPDATED: lambda s: (
        _("%(actor)s changed %(securable)s: %(fields)s")
        % {
            "actor": s.actor(),
            "fields": s.fields(Securable),
            "securable": s.securable(),
        }
    ),
    AuditAction.SECURABLE_DELETED: lambda s: (
        _("%(actor)s deleted the %(kind)s %(securable)s")
        % {
            "actor": s.actor(),
            "kind": s.securable_kind(),
            "securable": s.securable(gone_name_ok=True),
        }
    ),
    AuditAction.SECURABLE_SHARED: _securable_shared,
    AuditAction.SECURABLE_SHARE_CHANGED: _share_changed,
    AuditAction.SECURABLE_UNSHARED: lambda s: (
        _("%(actor)s stopped sharing %(securable)s with %(grantee)s")
        % {"actor": s.actor(), "securable": s.securable(), "grantee": s.grantee()}
    ),
    AuditAction.PLUGIN_ASSOCIATED: lambda s: (
        _("%(actor)s made the plugin %(plugin)s available")
        % {"actor": s.actor(), "plugin": s.plugin()}
    ),
    AuditAction.PLUGIN_DISSOCIATED: lambda s: (
        _("%(actor)s withdrew the plugin %(plugin)s") % {"actor": s.actor(), "plugin": s.plugin()}
    ),
    AuditAction.INVOICE_CREATED: _invoice_created,
    AuditAction.INVOICE_STATUS_CHANGED: lambda s: (
        _("%(actor)s changed invoice %(invoice)s from %(from)s to %(to)s")
        % {
            "actor": s.actor(),
            "invoice": s.value("invoice"),
            "from": _label(InvoiceStatus, s.data.get("from")),
            "to": _label(InvoiceStatus, s.data.get("to")),
        }
    ),
}


def audit_sentences(events: Iterable[AuditEvent]) -> list[tuple[AuditEvent, SafeString]]:
    """Each event with its sentence, as HTML-safe text in the active language."""
    events = list(events)
    names = _resolve(events)
    rendered = []
    for event in events:
        sentence = _Sentence(event, names)
        build = _SENTENCES.get(event.action)
        text = build(sentence) if build else conditional_escape(event.get_action_display())
        rendered.append((event, mark_safe(text)))  # every part was escaped
    return rendered
