"""The body of a Core API call, read and checked before any handler runs.

Luzmo's SDKs send every call as a JSON body to ``/0.1.0/<resource>``: the body's ``action``
says what to do (never the HTTP method), ``key`` and ``token`` carry the credentials,
``find``, ``properties``, ``id`` and ``associations`` what the action works on. The
handlers read their properties with the readers at the end of this module.
"""

import json
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

from common.coreapi.errors import CoreApiError, invalid
from common.errors import InvalidInput

ACTIONS = ("get", "create", "update", "delete", "associate", "dissociate")
# A thumbnail arrives base64-encoded in the body: a logo of the maximum size (2 MB) takes
# 2.7 MB so, more than Django's default limit on request bodies. Bodies are read here, with
# this limit instead.
MAX_BODY_BYTES = 4 * 1024 * 1024

ERR_BODY_NOT_JSON = _("The body must be a JSON object.")
ERR_BODY_TOO_LARGE = _("The body is larger than %(megabytes)s MB.")
ERR_ACTION_UNKNOWN = _("Unknown action “%(action)s”. Use one of: %(actions)s.")
ERR_NOT_AN_OBJECT = _("Give an object here.")
ERR_NOT_A_LIST = _("Give a list here.")
ERR_NOT_A_STRING = _("Give a text here.")
ERR_NOT_A_BOOLEAN = _("Give true or false here.")
ERR_ASSOCIATION_SHAPE = _('Give the association as {"role": "…", "id": "…"}.')
ERR_ROLE_UNKNOWN = _("Unknown association role “%(role)s”.")


@dataclass(frozen=True)
class Association:
    """The other end of an association: a resource name (normalized from its role) and an
    id, with the link's properties (flags)."""

    resource: str
    id: str
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Call:
    """A parsed body. ``null`` means absent; an empty list where an object is expected
    means empty."""

    action: str
    key: str
    token: str
    find: dict[str, Any]
    properties: dict[str, Any]
    id: str | None
    associations: tuple[Association, ...]
    association: Association | None


# Role names as scripts write them (PascalCase plural in Luzmo's documentation, singular or
# lowercase in real scripts), compared without case, "_" or "-".
ROLE_RESOURCES = {
    "user": "user",
    "users": "user",
    "organization": "organization",
    "organizations": "organization",
    "group": "group",
    "groups": "group",
    "plugin": "plugin",
    "plugins": "plugin",
    "locale": "locale",
    "locales": "locale",
    "defaultlocale": "locale",
    "country": "country",
    "countries": "country",
    "thumbnail": "thumbnail",
    "thumbnails": "thumbnail",
    "securable": "securable",
    "securables": "securable",
    "dashboard": "securable",
    "dashboards": "securable",
    "dataset": "securable",
    "datasets": "securable",
}


def role_resource(role: Any, *, field: str) -> str:
    if not isinstance(role, str):
        raise invalid(ERR_ASSOCIATION_SHAPE, field=field)
    normalized = role.strip().lower().replace("_", "").replace("-", "")
    if normalized not in ROLE_RESOURCES:
        raise invalid(ERR_ROLE_UNKNOWN % {"role": role}, field=field)
    return ROLE_RESOURCES[normalized]


def read_body(request: HttpRequest) -> dict[str, Any]:
    """The JSON object of the body, read with the Core API's own size limit."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    try:
        declared = int(length)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        raise CoreApiError(413, ERR_BODY_TOO_LARGE % {"megabytes": MAX_BODY_BYTES // 2**20})
    raw = request.read(MAX_BODY_BYTES + 1)
    if len(raw) > MAX_BODY_BYTES:
        raise CoreApiError(413, ERR_BODY_TOO_LARGE % {"megabytes": MAX_BODY_BYTES // 2**20})
    try:
        body = json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError) as error:
        raise invalid(ERR_BODY_NOT_JSON) from error
    if not isinstance(body, dict):
        raise invalid(ERR_BODY_NOT_JSON)
    return body


def _object(value: Any, *, field: str) -> dict[str, Any]:
    """An object; ``null`` and ``[]`` (what the SDKs send for "nothing") are empty."""
    if value is None or value == []:
        return {}
    if not isinstance(value, dict):
        raise invalid(ERR_NOT_AN_OBJECT, field=field)
    return value


def _association(value: Any, *, field: str) -> Association:
    if not isinstance(value, dict) or value.get("id") in (None, ""):
        raise invalid(ERR_ASSOCIATION_SHAPE, field=field)
    return Association(
        resource=role_resource(value.get("role"), field=f"{field}.role"),
        id=str(value["id"]),
        properties=_object(value.get("properties"), field=f"{field}.properties"),
    )


def _optional_id(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, (dict, list, bool)):
        raise invalid(ERR_NOT_A_STRING, field="id")
    return str(value)


def parse_call(body: dict[str, Any]) -> Call:
    action = body.get("action")
    if action not in ACTIONS:
        raise invalid(
            ERR_ACTION_UNKNOWN % {"action": force_str(action), "actions": ", ".join(ACTIONS)},
            field="action",
        )
    raw_associations = body.get("associations")
    if raw_associations is None or raw_associations == {}:
        raw_associations = []
    if not isinstance(raw_associations, list):
        raise invalid(ERR_NOT_A_LIST, field="associations")
    association = None
    if action in ("associate", "dissociate"):
        association = _association(body.get("resource"), field="resource")
    key, token = body.get("key"), body.get("token")
    return Call(
        action=action,
        key=key if isinstance(key, str) else "",
        token=token if isinstance(token, str) else "",
        find=_object(body.get("find"), field="find"),
        properties=_object(body.get("properties"), field="properties"),
        id=_optional_id(body.get("id")),
        associations=tuple(
            _association(item, field=f"associations.{index}")
            for index, item in enumerate(raw_associations)
        ),
        association=association,
    )


def credentials_given(body: dict[str, Any]) -> bool:
    """Did the body carry credentials? The Node SDK sends empty strings for none."""
    return any(body.get(name) not in (None, "") for name in ("key", "token"))


# --- Reading properties ---


class Unset:
    """A property the call didn't give."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = Unset()


def text_property(properties: dict[str, Any], name: str, *, default: Any = UNSET) -> Any:
    """A string property, ``default`` when absent; ``null`` reads as an empty string."""
    if name not in properties:
        return default
    value = properties[name]
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(ERR_NOT_A_STRING, field=name)
    return value


def object_property(properties: dict[str, Any], name: str, *, default: Any = UNSET) -> Any:
    """An object property (localized text, contents), ``default`` when absent."""
    if name not in properties:
        return default
    value = properties[name]
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InvalidInput(ERR_NOT_AN_OBJECT, field=name)
    return value


def localized_property(properties: dict[str, Any], name: str, *, default: Any = UNSET) -> Any:
    """Localized text: an object keyed by language, or a plain string read as English."""
    if name not in properties:
        return default
    value = properties[name]
    if isinstance(value, str):
        return {"en": value}
    return value


def flag_property(properties: dict[str, Any], name: str) -> bool | None:
    """A link flag (flagOwn, flagRead, …): True, False, or None when absent."""
    value = properties.get(name)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise InvalidInput(ERR_NOT_A_BOOLEAN, field=name)
    return value
