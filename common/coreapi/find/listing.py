"""What a resource declares for ``find``: the fields it may filter and order on, the
attributes it answers, the includes it offers (the whitelist the parser checks against)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

TEXT = "text"
UUID = "uuid"
DATETIME = "datetime"
INTEGER = "integer"
BOOLEAN = "boolean"


@dataclass(frozen=True)
class Field:
    """A field that ``where`` and ``order`` may name: its ORM path (on the resource's model,
    or a key of a catalogue's rows) and the kind its values are checked against.
    ``blank_is_null``: stored blank and answered as null (city, country), so null matches
    blank."""

    path: str
    kind: str = TEXT
    blank_is_null: bool = False


@dataclass(frozen=True)
class Include:
    """Rows of another resource answered under ``key`` of each row, read through link rows
    (a membership, a plugin's association, …) in one query for all rows of the page.

    ``links(context)`` are the link rows the caller may see; ``parent`` is the link's
    field naming the outer row, ``child`` its path to the included row (empty when the link
    row is the included row, a team of an organization); ``answer(link,
    context)`` gives the included row's attributes, with ``link_key`` (the link's own
    flags) always kept whatever ``attributes`` asks.

    With ``values`` (paths of the link row, or expressions on them), the links are read as
    tuples ``(parent, *values)`` rather than model instances and answered by
    ``answer_values(row, context)``: an include of thousands of rows (every member of a
    large organization) then costs a tuple per row, not three model instances, and every
    included row of a single outer row is streamed past a size (``run``).
    ``link_ordering`` orders the link rows by their own fields when an index of theirs
    serves the included model's order.
    """

    model: str
    key: str
    listing: "Listing"
    links: Callable[[Any], QuerySet]
    parent: str
    child: str
    answer: Callable[[Any, Any], dict[str, Any]]
    link_key: str | None = None
    values: tuple[Any, ...] | None = None
    answer_values: Callable[[tuple[Any, ...], Any], dict[str, Any]] | None = None
    link_ordering: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Listing:
    """What ``find`` may use on a resource: the filterable fields, every attribute of an
    answer (``answer(row, context)`` gives them all), those answered when ``attributes`` is
    not given, the default order, the includes, and the text fields that ``search`` looks
    in (ORM paths; localized JSON is searched as its text)."""

    fields: dict[str, Field]
    attributes: tuple[str, ...]
    answer: Callable[[Any, Any], dict[str, Any]]
    default_attributes: tuple[str, ...] | None = None
    ordering: tuple[str, ...] = ("created_at",)
    includes: tuple[Include, ...] = field(default_factory=tuple)
    search_fields: tuple[str, ...] = ()
