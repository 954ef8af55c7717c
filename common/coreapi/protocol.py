"""The Core API's wire protocol, in one place: bodies, credentials, answers and errors.

Luzmo's SDKs send every call as a JSON body to ``/0.1.0/<resource>``: the body's ``action``
says what to do (never the HTTP method), ``key`` and ``token`` carry the credentials. Success
is 200 with JSON; every refusal is

    {"type": {"code": 400, "description": "Bad Request"}, "message": "…",
     "validation": {"email": ["…"]}}

Domain errors of the service layer map here, once: InvalidInput → 400, PermissionDenied →
403, NotFound → 404.
"""

import http
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.services import api_token_authenticate
from common.errors import DomainError, InvalidInput

ACTIONS = ("get", "create", "update", "delete", "associate", "dissociate")
# The Python SDK posts everything; the Node SDK maps each action to a verb of its own.
# GET and PUT are accepted too, for hand-written clients; the body decides all the same.
HTTP_METHODS = ("POST", "SEARCH", "PATCH", "DELETE", "LINK", "UNLINK", "PUT", "GET")
# A thumbnail arrives base64-encoded in the body: a logo of the maximum size (2 MB) takes
# 2.7 MB so, more than Django's default limit on request bodies. Bodies are read here, with
# this limit instead.
MAX_BODY_BYTES = 4 * 1024 * 1024

ERR_BODY_NOT_JSON = _("The body must be a JSON object.")
ERR_BODY_TOO_LARGE = _("The body is larger than %(megabytes)s MB.")
ERR_ACTION_UNKNOWN = _("Unknown action “%(action)s”. Use one of: %(actions)s.")
ERR_ACTION_UNSUPPORTED = _("The %(resource)s resource has no %(action)s action.")
ERR_RESOURCE_UNKNOWN = _("Unknown resource “%(resource)s”.")
ERR_METHOD = _("Method %(method)s is not allowed; send one of: %(methods)s.")
ERR_CREDENTIALS_MISSING = _(
    "Give the key and token of an API key/token pair in the body (key, token)."
)
ERR_CREDENTIALS_WRONG = _("This key/token pair is not valid (unknown, revoked or expired).")
ERR_THROTTLED = _("Too many failed authentications from your address. Try again in a minute.")
ERR_ANONYMOUS_THROTTLED = _(
    "Too many users created without credentials from your address. Try again in an hour."
)
ERR_SERVER = _("Something went wrong on our side; nothing was changed. Try again later.")
ERR_NOT_AN_OBJECT = _("Give an object here.")
ERR_NOT_A_LIST = _("Give a list here.")
ERR_NOT_A_STRING = _("Give a text here.")
ERR_NOT_A_BOOLEAN = _("Give true or false here.")
ERR_ID_REQUIRED = _("Give the id of the %(resource)s.")
ERR_ASSOCIATION_SHAPE = _('Give the association as {"role": "…", "id": "…"}.')
ERR_ROLE_UNKNOWN = _("Unknown association role “%(role)s”.")
ERR_ASSOCIATION_UNSUPPORTED = _("A %(resource)s can't be associated with %(role)s.")
ERR_PROPERTY_UNKNOWN = _(
    "Unknown property “%(property)s”. The %(resource)s resource takes: %(properties)s."
)
ERR_EMBED_SCOPE = _(
    "An embed key/token pair only reads the dashboards and datasets it grants "
    "(get securable) and itself (get authorization)."
)


class CoreApiError(Exception):
    """A refusal of the protocol itself (body, credentials, method, resource, action)."""

    def __init__(
        self,
        status: int,
        message: Any,
        *,
        validation: dict[str, list[Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(force_str(message))
        self.status = status
        self.message = message
        self.validation = validation
        self.headers = headers or {}


def invalid(message: Any, *, field: str | None = None) -> CoreApiError:
    """A 400, with ``validation`` naming the field at fault when there is one."""
    return CoreApiError(400, message, validation={field: [message]} if field else None)


class CoreApiJSONEncoder(DjangoJSONEncoder):
    """Timestamps as Luzmo writes them: UTC with milliseconds, always
    (``2020-01-01T11:11:27.370Z``); the rest as Django's encoder (UUIDs as strings)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime):
            moment = o.astimezone(UTC) if o.tzinfo is not None else o
            return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
        return super().default(o)


def _json(data: Any, status: int) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, cls=CoreApiJSONEncoder, ensure_ascii=False),
        status=status,
        content_type="application/json",
    )


def answer(data: Any) -> HttpResponse:
    """Success: 200 with a JSON body (the Node SDK parses nothing else)."""
    return _json(data, 200)


def error_response(error: CoreApiError) -> HttpResponse:
    body: dict[str, Any] = {
        "type": {"code": error.status, "description": http.HTTPStatus(error.status).phrase},
        "message": force_str(error.message),
    }
    if error.validation:
        body["validation"] = {
            name: [force_str(message) for message in messages]
            for name, messages in error.validation.items()
        }
    response = _json(body, error.status)
    for header, value in error.headers.items():
        response[header] = value
    return response


def from_domain_error(error: DomainError, field_names: dict[str, str]) -> CoreApiError:
    """A service's refusal as a Core API error; ``field_names`` renames the services' field
    names to the Core API's (``locale`` → ``locale_id``)."""
    field = field_names.get(error.field, error.field) if error.field else None
    return CoreApiError(
        error.status_code,
        error.message,
        validation={field: [error.message]} if field else None,
    )


def server_error() -> CoreApiError:
    return CoreApiError(500, ERR_SERVER)


# --- The body ---


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
    "defaultapplocale": "locale",
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


# --- Credentials and rate limits ---


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` events per client address in a sliding window, counted in the
    cache (shared by the processes when ``CACHE_URL`` names a shared cache). The limit is
    read from the setting named ``setting`` when there is one (tests lower it)."""

    name: str
    setting: str
    default: int
    window_seconds: int

    def _key(self, request: HttpRequest) -> str:
        return f"coreapi:{self.name}:{request.META.get('REMOTE_ADDR', '')}"

    def _recent(self, request: HttpRequest, now: float) -> list[float]:
        return [
            moment
            for moment in cache.get(self._key(request), [])
            if moment > now - self.window_seconds
        ]

    def check(self, request: HttpRequest, message: Any) -> None:
        """A 429 when the address has used up the limit."""
        limit = getattr(settings, self.setting, self.default)
        if len(self._recent(request, time.time())) >= limit:
            raise CoreApiError(429, message, headers={"Retry-After": str(self.window_seconds)})

    def record(self, request: HttpRequest) -> None:
        now = time.time()
        cache.set(self._key(request), [now, *self._recent(request, now)], self.window_seconds)


# Failed authentications: past the limit, every call with credentials from that address
# answers 429 until the oldest failure leaves the window, valid pairs included, so that
# guessing can't go on in the background.
AUTH_FAILURES = RateLimit("auth-failures", "CORE_API_AUTH_FAILURES_PER_MINUTE", 20, 60)
# Users created without credentials, each with a new organization: anyone may, so an
# address may only so often.
ANONYMOUS_CREATIONS = RateLimit(
    "anonymous-creations", "CORE_API_ANONYMOUS_CREATIONS_PER_HOUR", 20, 3600
)


def authenticate(
    request: HttpRequest,
    body: dict[str, Any],
    *,
    other_pairs: Callable[[str, str], tuple[User, Any] | None] | None = None,
) -> tuple[User, Any]:
    """The user of the body's key/token pair (compared in constant time by the accounts
    service), or a 401. An address with too many recent failures gets a 429.

    ``other_pairs`` recognizes pairs of another kind (the organization domain's embed
    pairs, which this bottom package can't import): it answers (user, what the pair is) or
    None. Returns (user, None) for an API pair."""
    AUTH_FAILURES.check(request, ERR_THROTTLED)
    key, token = body.get("key"), body.get("token")
    caller = None
    if isinstance(key, str) and isinstance(token, str):
        user = api_token_authenticate(key=key, token=token)
        if user is not None:
            caller = (user, None)
        elif other_pairs is not None:
            caller = other_pairs(key, token)
    if caller is None:
        AUTH_FAILURES.record(request)
        raise CoreApiError(401, ERR_CREDENTIALS_WRONG)
    return caller


def limit_anonymous_creations(request: HttpRequest) -> None:
    """Counts a call without credentials (a user and organization creation); a 429 past the
    limit of the address."""
    ANONYMOUS_CREATIONS.check(request, ERR_ANONYMOUS_THROTTLED)
    ANONYMOUS_CREATIONS.record(request)


# --- What the handlers see ---


@dataclass
class Context:
    """One call: the request and the caller (None only for actions open to anonymous
    callers: user creation), and the embed authorization the caller acts through, if
    any."""

    request: HttpRequest
    user: User | None
    # The embed authorization when the caller authenticated with an embed pair.
    embed: Any = None

    def absolute_url(self, url: str) -> str:
        return self.request.build_absolute_uri(url)


class Resource:
    """One resource of the Core API. Each action it supports is a method of that name:
    ``get(context, find)``, ``create(context, properties, associations)``,
    ``update(context, id, properties)``, ``delete(context, id, properties)``."""

    name: str = ""
    # Actions a caller without credentials may call (user creation only).
    anonymous_actions: frozenset[str] = frozenset()
    # The services' field names → the Core API's property names, for ``validation``.
    field_names: dict[str, str] = {}
    # The properties ``create`` takes; any other is refused, so that a script learns at once
    # that something it sends is not stored (None: the create refuses on its own).
    create_properties: frozenset[str] | None = None

    def supports(self, action: str) -> bool:
        return callable(getattr(self, action, None))

    def properties_for_create(self, properties: dict[str, Any]) -> frozenset[str] | None:
        """The properties this create takes (they may depend on the call, e.g. a type)."""
        return self.create_properties

    def check_create_properties(self, properties: dict[str, Any]) -> None:
        allowed = self.properties_for_create(properties)
        if allowed is None:
            return
        for name in properties:
            if name not in allowed:
                raise invalid(
                    ERR_PROPERTY_UNKNOWN
                    % {
                        "property": name,
                        "resource": self.name,
                        "properties": ", ".join(sorted(allowed)),
                    },
                    field=name,
                )


@dataclass(frozen=True)
class Link:
    """An association between two resources, callable from either side: ``associate``
    and ``dissociate`` receive the ids by resource name."""

    between: tuple[str, str]
    associate: Callable[[Context, dict[str, str], dict[str, Any]], None]
    dissociate: Callable[[Context, dict[str, str]], None]
    field_names: dict[str, str] = field(default_factory=dict)


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
