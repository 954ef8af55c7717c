"""Embed authorizations in the Core API: ``create authorization`` with ``type: "embed"``
(and Luzmo's legacy ``type: "sso"``), their revocation, and what an embed pair may call.

The ``authorization`` resource of accounts (API pairs) is extended here, since accounts
may not import the organization domain: ``create`` of the types embed and sso, and
``delete`` of an embed pair by its organization's owner or admin, come to
``organizations.services.embed``; everything else goes on to accounts.

An embed pair authenticates only the calls of ``EMBED_RESOURCES``: ``get securable``
(exactly the granted securables) and ``get authorization`` (the pair itself).
"""

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_naive, make_aware
from django.utils.translation import gettext_lazy as _

from accounts.coreapi import TOKEN_TYPE, AuthorizationResource
from common.coreapi.body import ERR_NOT_A_LIST, ERR_NOT_AN_OBJECT, object_property, text_property
from common.coreapi.find import DATETIME, UUID, Field, Listing, run_find
from common.coreapi.resources import Resource
from common.errors import InvalidInput, NotFound
from common.ids import parse_uuid
from organizations.coreapi.listings import SECURABLE_LISTING_BASE
from organizations.coreapi.scope import active_organization
from organizations.models import EmbedAuthorization
from organizations.roles import AccessLevel
from organizations.selectors.embed import securables_granted_by
from organizations.services.embed import (
    AccessRequest,
    embed_authorization_create,
    embed_authorization_revoke,
)

EMBED_TYPES = ("embed", "sso")
# The securable types under ``access``, and the default rights of a grant (Luzmo's guide
# writes "use" for a dashboard that is viewed).
ACCESS_TYPES = {"dashboards": "dashboard", "datasets": "dataset"}
DEFAULT_RIGHTS = AccessLevel.USE
RIGHTS = {level.name.lower(): level for level in AccessLevel}
# Properties of Luzmo's embed request that orgsite takes; any other is refused, so that a
# script learns at once that a feature it relies on (filters, themes, …) is not applied.
EMBED_PROPERTIES = frozenset(
    {
        "type",
        "username",
        "name",
        "email",
        "suborganization",
        "role",
        "access",
        "expiry",
        "inactivity_interval",
        "locale_id",
        "metadata",
        "securables",
        "integration_id",
    }
)
DURATION = re.compile(
    r"^\s*(\d+)\s*(second|seconds|sec|s|minute|minutes|min|m|hour|hours|h|day|days|d|"
    r"week|weeks|w|month|months|year|years|y)\s*$",
    re.IGNORECASE,
)
UNIT_SECONDS = {
    "s": 1,
    "m": 60,
    "h": 3600,
    "d": 86400,
    "w": 7 * 86400,
    "mo": 30 * 86400,
    "y": 365 * 86400,
}

ERR_TYPE = _("Create authorizations of type api, embed or sso.")
ERR_COLLECTIONS = _(
    "Collections are not available in orgsite yet: grant the dashboards and datasets "
    "themselves under access.dashboards and access.datasets."
)
ERR_INTEGRATIONS = _(
    "Integrations are not available in orgsite: list the dashboards and datasets under "
    "securables (or use type embed with access)."
)
ERR_ACCESS_KEY = _("Unknown key “%(key)s” under access. Use dashboards, datasets.")
ERR_ACCESS_ITEM = _('Give each grant as {"id": "…", "rights": "use"}.')
ERR_RIGHTS = _("Choose the rights: read, use, modify or own.")
ERR_DURATION = _("Give a duration such as “10 minutes” or “24 hours”, or a number of seconds.")
ERR_EXPIRY = _(
    "Give the expiry as an RFC 3339 date (2030-01-31T12:00:00Z) or a duration such as “24 hours”."
)
ERR_SECURABLE_ID = _("No dashboard or dataset of your organization has this id.")

# The embed service's field names → this door's property names.
EMBED_FIELD_NAMES = {"expires_at": "expiry", "locale": "locale_id"}


def parse_duration(value: Any, *, field: str) -> timedelta:
    """Luzmo's durations: "10 minutes", "24 hours", "1 day", … or a number of seconds."""
    if isinstance(value, bool):
        raise InvalidInput(ERR_DURATION, field=field)
    if isinstance(value, (int, float)):
        return timedelta(seconds=value)
    match = DURATION.match(value) if isinstance(value, str) else None
    if match is None:
        raise InvalidInput(ERR_DURATION, field=field)
    amount, unit = int(match.group(1)), match.group(2).lower()
    key = "mo" if unit.startswith("month") else unit[0]
    return timedelta(seconds=amount * UNIT_SECONDS[key])


def parse_expiry(value: Any) -> datetime | None:
    """An RFC 3339 date, or a duration from now; None when absent."""
    if value is None:
        return None
    if isinstance(value, str) and not DURATION.match(value):
        moment = parse_datetime(value.strip().replace("Z", "+00:00"))
        if moment is None:
            raise InvalidInput(ERR_EXPIRY, field="expiry")
        return make_aware(moment, UTC) if is_naive(moment) else moment
    try:
        return timezone.now() + parse_duration(value, field="expiry")
    except InvalidInput as error:
        raise InvalidInput(ERR_EXPIRY, field="expiry") from error


def _rights(value: Any, *, field: str) -> AccessLevel:
    if value is None:
        return DEFAULT_RIGHTS
    if not isinstance(value, str) or value.strip().lower() not in RIGHTS:
        raise InvalidInput(ERR_RIGHTS, field=field)
    return RIGHTS[value.strip().lower()]


def _securable_id(value: Any, *, field: str) -> Any:
    securable_id = parse_uuid(value)
    if securable_id is None:
        raise NotFound(ERR_SECURABLE_ID, field=field)
    return securable_id


def _list(value: Any, *, field: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidInput(ERR_NOT_A_LIST, field=field)
    return value


def access_requests(properties: dict[str, Any]) -> list[AccessRequest]:
    """``access`` (embed) and ``securables`` (sso) as the service's access requests."""
    access = properties.get("access")
    if access is None or access == []:
        access = {}
    if not isinstance(access, dict):
        raise InvalidInput(ERR_NOT_AN_OBJECT, field="access")
    requests: list[AccessRequest] = []
    for key, items in access.items():
        if key == "collections":
            if _list(items, field="access.collections"):
                raise InvalidInput(ERR_COLLECTIONS, field="access.collections")
            continue
        if key not in ACCESS_TYPES:
            raise InvalidInput(ERR_ACCESS_KEY % {"key": key}, field="access")
        for index, item in enumerate(_list(items, field=f"access.{key}")):
            place = f"access.{key}.{index}"
            if not isinstance(item, dict) or "id" not in item:
                raise InvalidInput(ERR_ACCESS_ITEM, field=place)
            requests.append(
                AccessRequest(
                    securable_id=_securable_id(item["id"], field=f"{place}.id"),
                    type=ACCESS_TYPES[key],
                    level=_rights(item.get("rights"), field=f"{place}.rights"),
                    field=f"{place}.id",
                )
            )
    # Luzmo's sso form: a list of ids, read as dashboards or datasets alike.
    for index, item in enumerate(_list(properties.get("securables"), field="securables")):
        securable_id = item.get("id") if isinstance(item, dict) else item
        requests.append(
            AccessRequest(
                securable_id=_securable_id(securable_id, field=f"securables.{index}"),
                type=None,
                level=DEFAULT_RIGHTS,
                field=f"securables.{index}",
            )
        )
    return requests


def embed_answer(authorization: EmbedAuthorization, context=None) -> dict[str, Any]:
    """An embed pair as Luzmo answers it (without its token: only its hash is stored)."""
    end_user = authorization.end_user
    grants = list(authorization.grants.select_related("securable"))

    def granted(type: str) -> list[dict[str, Any]]:
        return [
            {"id": grant.securable_id, "rights": AccessLevel(grant.level).name.lower()}
            for grant in grants
            if grant.securable.type == type
        ]

    interval = authorization.inactivity_interval
    return {
        "id": authorization.pk,
        "type": "embed",
        "user_id": end_user.user_id,
        "username": end_user.username,
        "name": end_user.user.name,
        "email": end_user.email or None,
        "suborganization": end_user.suborganization.name,
        "role": end_user.role,
        "locale_id": end_user.locale or None,
        "access": {
            "dashboards": granted("dashboard"),
            "datasets": granted("dataset"),
            "collections": [],
        },
        "expiry": authorization.expires_at,
        "inactivity_interval": int(interval.total_seconds()) if interval is not None else None,
        "metadata": authorization.metadata or None,
        "last_used_at": authorization.last_used_at,
        "created_at": authorization.created_at,
    }


def _identifier(properties: dict[str, Any], name: str) -> str:
    """A name from the customer's system: text, or a number (a primary key) read as text."""
    value = properties.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return text_property(properties, name, default="")


def _create_embed(context, properties: dict[str, Any]) -> dict[str, Any]:
    if properties.get("integration_id") not in (None, ""):
        raise InvalidInput(ERR_INTEGRATIONS, field="integration_id")
    interval = properties.get("inactivity_interval")
    authorization, token = embed_authorization_create(
        acting_user=context.user,
        organization=active_organization(context),
        username=_identifier(properties, "username"),
        name=text_property(properties, "name", default=""),
        email=text_property(properties, "email", default=""),
        suborganization=_identifier(properties, "suborganization"),
        role=text_property(properties, "role", default=""),
        access=access_requests(properties),
        expires_at=parse_expiry(properties.get("expiry")),
        # 0 is Luzmo's "no inactivity check".
        inactivity_interval=(
            parse_duration(interval, field="inactivity_interval")
            if interval not in (None, 0, "")
            else None
        ),
        locale=text_property(properties, "locale_id", default=""),
        metadata=object_property(properties, "metadata", default=None),
    )
    return {**embed_answer(authorization), "token": token}


class EmbedAwareAuthorizationResource(AuthorizationResource):
    """accounts' ``authorization`` with embed pairs: created for an end user, revoked by
    the organization's owner or admins."""

    field_names = {**AuthorizationResource.field_names, **EMBED_FIELD_NAMES}

    def properties_for_create(self, properties):
        if properties.get("type") in EMBED_TYPES:
            return EMBED_PROPERTIES
        return super().properties_for_create(properties)

    def create(self, context, properties):
        kind = properties.get("type")
        if kind in EMBED_TYPES:
            return _create_embed(context, properties)
        if kind not in (None, TOKEN_TYPE):
            raise InvalidInput(ERR_TYPE, field="type")
        return super().create(context, properties)

    def delete(self, context, id, properties):
        authorization_id = parse_uuid(id)
        if EmbedAuthorization.objects.filter(pk=authorization_id).exists():
            embed_authorization_revoke(
                acting_user=context.user,
                organization=active_organization(context),
                authorization_id=authorization_id,
            )
            return
        super().delete(context, id, properties)


EMBED_AUTHORIZATION_LISTING = Listing(
    fields={
        "id": Field("id", UUID),
        "expiry": Field("expires_at", DATETIME),
        "created_at": Field("created_at", DATETIME),
    },
    attributes=(
        "id",
        "type",
        "user_id",
        "username",
        "name",
        "email",
        "suborganization",
        "role",
        "locale_id",
        "access",
        "expiry",
        "inactivity_interval",
        "metadata",
        "last_used_at",
        "created_at",
    ),
    answer=embed_answer,
    ordering=("-created_at",),
)


class EmbedSecurableResource(Resource):
    """``get securable`` with an embed pair: exactly what the pair grants."""

    name = "securable"

    def get(self, context, find):
        return run_find(find, SECURABLE_LISTING_BASE, securables_granted_by(context.embed), context)


class EmbedAuthorizationSelfResource(Resource):
    """``get authorization`` with an embed pair: the pair itself (Luzmo's way for the
    browser to read its own expiry)."""

    name = "authorization"

    def get(self, context, find):
        rows = EmbedAuthorization.objects.filter(pk=context.embed.pk).select_related(
            "end_user__user", "end_user__suborganization"
        )
        return run_find(find, EMBED_AUTHORIZATION_LISTING, rows, context)


EMBED_RESOURCES: dict[str, Resource] = {
    resource.name: resource
    for resource in (EmbedSecurableResource(), EmbedAuthorizationSelfResource())
}
