"""What the resource handlers of the apps see and declare: the call's context, a resource
with one method per action, and the links between two resources."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from common.coreapi.errors import invalid

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

ERR_PROPERTY_UNKNOWN = _(
    "Unknown property “%(property)s”. The %(resource)s resource takes: %(properties)s."
)


@dataclass
class Context:
    """One call: the request and the caller (None only for actions open to anonymous
    callers: user creation), and the embed authorization the caller acts through, if
    any."""

    request: HttpRequest
    user: "AbstractBaseUser | None"
    # The embed authorization when the caller authenticated with an embed pair.
    embed: Any = None

    def absolute_url(self, url: str) -> str:
        return self.request.build_absolute_uri(url)


class Resource:
    """One resource of the Core API. Each action it supports is a method of that name:
    ``get(context, find)``, ``create(context, properties)`` (the call's associations are
    linked after it), ``update(context, id, properties)``, ``delete(context, id,
    properties)``."""

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
