"""What the resource handlers of the apps see and declare: the call's context, a resource
with one method per action, and the links between two resources."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


@dataclass
class Context:
    """One call: the request and the caller (None only for actions open to anonymous
    callers: user creation)."""

    request: HttpRequest
    user: "AbstractBaseUser | None"

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

    def supports(self, action: str) -> bool:
        return callable(getattr(self, action, None))


@dataclass(frozen=True)
class Link:
    """An association between two resources, callable from either side: ``associate``
    and ``dissociate`` receive the ids by resource name."""

    between: tuple[str, str]
    associate: Callable[[Context, dict[str, str], dict[str, Any]], None]
    dissociate: Callable[[Context, dict[str, str]], None]
    field_names: dict[str, str] = field(default_factory=dict)
