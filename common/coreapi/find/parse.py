"""A ``find`` parsed and checked against the resource's listing: ``where`` (conditions and
their bounds), ``search``, ``attributes``, ``include``, ``order``, ``limit`` and ``offset``.
Every fault is a 400 naming the place at fault, raised before any query runs."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any

from django.utils.dateparse import parse_date, parse_datetime
from django.utils.timezone import is_naive, make_aware
from django.utils.translation import gettext_lazy as _

from common.coreapi.body import ERR_NOT_A_LIST
from common.coreapi.errors import CoreApiError
from common.coreapi.find.listing import (
    BOOLEAN,
    DATETIME,
    INTEGER,
    TEXT,
    UUID,
    Field,
    Include,
    Listing,
)

ERR_FIND = _("The find is not valid; see validation.")
ERR_FIND_KEY = _(
    "Unknown key “%(key)s”. Use where, search, attributes, include, order, limit, offset."
)
ERR_SEARCH = _('Give the search as a text, or as {"keyphrase": "…"}.')
ERR_SEARCH_UNSUPPORTED = _("This resource can't be searched; filter it with where.")
ERR_JOINTYPE = _("Give the jointype as inner or left.")
ERR_FIELD_UNKNOWN = _("Unknown field “%(field)s”. Use one of: %(fields)s.")
ERR_ATTRIBUTE_UNKNOWN = _("Unknown attribute “%(attribute)s”. Use one of: %(attributes)s.")
ERR_OPERATOR_UNKNOWN = _("Unknown operator “%(operator)s”. Use one of: %(operators)s.")
ERR_OPERATOR_EMPTY = _("Give a value or an object of operators.")
ERR_VALUE_KIND = _("Give a %(kind)s here.")
ERR_VALUE_NULL = _("null can only be compared with equality (eq, ne).")
ERR_LIKE_TEXT = _("like and ilike take a text pattern, on text fields only.")
ERR_GROUP = _("Give a list of conditions (or an object of them).")
ERR_ORDER = _('Give the order as [["field", "asc" or "desc"], …].')
ERR_DIRECTION = _("Give the direction as asc or desc.")
ERR_NOT_ORDERABLE = _("This field can't be used to order.")
ERR_PAGING = _("Give a whole number, 0 or more.")
ERR_PAGING_RANGE = _("Give a whole number from 0 to %(maximum)s.")
ERR_FIND_TOO_DEEP = _("Nest or and and groups at most %(depth)s levels deep.")
ERR_FIND_TOO_WIDE = _("A find may hold at most %(count)s conditions.")
ERR_LIST_TOO_LONG = _("Give at most %(count)s values.")
ERR_FIND_TOO_MANY_VALUES = _("The lists of a find may hold at most %(count)s values in all.")
ERR_TOO_MANY_INCLUDES = _("Give at most %(count)s includes.")
ERR_PATTERN_TOO_LONG = _("Give a pattern of at most %(count)s characters.")
ERR_INCLUDE = _('Give includes as [{"model": "User", "attributes": [...], "where": {...}}].')
ERR_INCLUDE_KEY = _(
    "Unknown key “%(key)s” in an include. Use model, attributes, where, required, jointype."
)
ERR_INCLUDE_MODEL = _("This resource can't include “%(model)s”. It can include: %(models)s.")
ERR_ATTRIBUTES = _("Give a list of attribute names.")

KIND_NAMES = {
    TEXT: _("text"),
    UUID: _("UUID"),
    DATETIME: _("date and time (ISO 8601)"),
    INTEGER: _("whole number"),
    BOOLEAN: _("true or false"),
}
COMPARISONS = ("eq", "ne", "gt", "gte", "lt", "lte")
OPERATORS = (*COMPARISONS, "in", "notIn", "like", "ilike")
FIND_KEYS = ("where", "search", "attributes", "include", "order", "limit", "offset")
# Luzmo's search: a keyphrase, with keys that narrow it elsewhere and change nothing here.
SEARCH_KEYS = ("keyphrase", "match_types", "type")
# Luzmo's jointype on an include: inner requires a match, left keeps rows without one.
JOIN_TYPES = {"inner": True, "left": False, "outer": False, "left outer": False}
# Keys of Sequelize's include that change nothing here.
IGNORED_INCLUDE_KEYS = ("as", "through", "separate")
# Bounds of a find, far above what a script writes, well below what makes a query fail
# (SQLite refuses an expression more than 1,000 deep, or more than 32,766 parameters):
# nested or/and groups, conditions in the whole find (includes' too), values of one list
# (in, notIn) and of all lists together.
MAX_FIND_DEPTH = 8
MAX_FIND_CONDITIONS = 200
MAX_LIST_VALUES = 1000
MAX_FIND_VALUES = 5000
MAX_INCLUDES = 10
# like patterns, as regular expressions: longer than any field, short enough to compile.
MAX_PATTERN_LENGTH = 1000
# limit and offset: what both databases take (a signed 32-bit integer is plenty).
MAX_PAGING = 2**31 - 1
INCLUDE_KEYS = (
    "model",
    "attributes",
    "where",
    "required",
    "jointype",
    "limit",
    "offset",
    *IGNORED_INCLUDE_KEYS,
)


# --- Parsed conditions ---


@dataclass(frozen=True)
class Condition:
    field: Field
    operator: str
    value: Any


@dataclass(frozen=True)
class Group:
    kind: str  # "and" | "or"
    children: tuple[Any, ...]


def _error(place: str, message: Any) -> CoreApiError:
    return CoreApiError(400, ERR_FIND, validation={place: [message]})


def _bare(name: str) -> str:
    return name[1:] if name.startswith("$") else name


def _coerce(value: Any, kind: str, place: str) -> Any:
    """The value checked against the field's kind (a UUID, an aware datetime, …)."""
    if value is None:
        return None
    wrong = _error(place, ERR_VALUE_KIND % {"kind": KIND_NAMES[kind]})
    if kind == TEXT:
        if not isinstance(value, str):
            raise wrong
        return value
    if kind == UUID:
        if not isinstance(value, str):
            raise wrong
        try:
            return uuid.UUID(value)
        except ValueError as error:
            raise wrong from error
    if kind == DATETIME:
        return _coerce_datetime(value, wrong)
    if kind == INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            raise wrong
        return value
    if kind == BOOLEAN:
        if not isinstance(value, bool):
            raise wrong
        return value
    raise AssertionError(f"unknown kind {kind}")


def _coerce_datetime(value: Any, wrong: CoreApiError) -> datetime:
    if not isinstance(value, str):
        raise wrong
    try:
        moment = parse_datetime(value.replace("Z", "+00:00"))
        if moment is None:
            day = parse_date(value)
            moment = datetime.combine(day, time.min) if day is not None else None
    except ValueError as error:
        raise wrong from error
    if moment is None:
        raise wrong
    try:
        # In UTC already: year 1 an hour east of Greenwich, or 9999 west of it, can't be
        # (the databases store UTC), and is refused here rather than where it is stored.
        return make_aware(moment, UTC) if is_naive(moment) else moment.astimezone(UTC)
    except (OverflowError, ValueError) as error:
        raise wrong from error


def _field(fields: dict[str, Field], name: str, place: str) -> Field:
    if name not in fields:
        raise _error(
            place, ERR_FIELD_UNKNOWN % {"field": name, "fields": ", ".join(sorted(fields))}
        )
    return fields[name]


def _condition(
    spec: Field, operator: str, value: Any, place: str, budget: "_Budget | None" = None
) -> Condition:
    if operator not in OPERATORS:
        raise _error(
            place,
            ERR_OPERATOR_UNKNOWN % {"operator": operator, "operators": ", ".join(OPERATORS)},
        )
    if operator in ("in", "notIn"):
        if not isinstance(value, list):
            raise _error(place, ERR_NOT_A_LIST)
        if len(value) > MAX_LIST_VALUES:
            raise _error(place, ERR_LIST_TOO_LONG % {"count": MAX_LIST_VALUES})
        if budget is not None:
            budget.spend_values(len(value), place)
        values = tuple(
            _coerce(item, spec.kind, f"{place}.{index}") for index, item in enumerate(value)
        )
        return Condition(spec, operator, values)
    if operator in ("like", "ilike"):
        if spec.kind != TEXT or not isinstance(value, str):
            raise _error(place, ERR_LIKE_TEXT)
        if len(value) > MAX_PATTERN_LENGTH:
            raise _error(place, ERR_PATTERN_TOO_LONG % {"count": MAX_PATTERN_LENGTH})
        return Condition(spec, operator, value)
    if value is None and operator not in ("eq", "ne"):
        raise _error(place, ERR_VALUE_NULL)
    return Condition(spec, operator, _coerce(value, spec.kind, place))


class _Budget:
    """What is left of a find's bounds while it is parsed: conditions and list values."""

    def __init__(self) -> None:
        self.conditions = MAX_FIND_CONDITIONS
        self.values = MAX_FIND_VALUES

    def spend(self, count: int, place: str) -> None:
        self.conditions -= count
        if self.conditions < 0:
            raise _error(place, ERR_FIND_TOO_WIDE % {"count": MAX_FIND_CONDITIONS})

    def spend_values(self, count: int, place: str) -> None:
        self.values -= count
        if self.values < 0:
            raise _error(place, ERR_FIND_TOO_MANY_VALUES % {"count": MAX_FIND_VALUES})


def parse_where(
    where: Any,
    fields: dict[str, Field],
    place: str = "find.where",
    *,
    budget: _Budget | None = None,
    depth: int = 0,
) -> Group:
    """The conditions of ``where``, all of which must hold, checked against ``fields``
    (and against the bounds of a find: ``budget`` is shared by the whole find)."""
    budget = budget if budget is not None else _Budget()
    if where is None or where == []:
        return Group("and", ())
    if not isinstance(where, dict):
        raise _error(place, ERR_GROUP)
    budget.spend(len(where), place)
    children = []
    for key, value in where.items():
        name = _bare(key)
        here = f"{place}.{key}"
        if name in ("or", "and"):
            if depth >= MAX_FIND_DEPTH:
                raise _error(here, ERR_FIND_TOO_DEEP % {"depth": MAX_FIND_DEPTH})
            children.append(_group(name, value, fields, here, budget, depth + 1))
            continue
        spec = _field(fields, key, here)
        if isinstance(value, dict):
            if not value:
                raise _error(here, ERR_OPERATOR_EMPTY)
            budget.spend(len(value) - 1, here)
            children.extend(
                _condition(spec, _bare(operator), operand, f"{here}.{operator}", budget)
                for operator, operand in value.items()
            )
        elif isinstance(value, list):
            children.append(_condition(spec, "in", value, here, budget))
        else:
            children.append(_condition(spec, "eq", value, here, budget))
    return Group("and", tuple(children))


def _group(
    kind: str, value: Any, fields: dict[str, Field], place: str, budget: _Budget, depth: int
) -> Group:
    # A list of condition objects, or one object whose entries are the alternatives.
    if isinstance(value, dict):
        items = [{key: operand} for key, operand in value.items()]
    elif isinstance(value, list):
        items = value
    else:
        raise _error(place, ERR_GROUP)
    budget.spend(len(items), place)
    return Group(
        kind,
        tuple(
            parse_where(item, fields, f"{place}.{index}", budget=budget, depth=depth)
            for index, item in enumerate(items)
        ),
    )


# --- The whole find ---


@dataclass(frozen=True)
class IncludeRequest:
    include: Include
    where: Group
    attributes: tuple[str, ...]
    required: bool
    # Per outer row: at most ``limit`` included rows, after skipping ``offset``.
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True)
class Find:
    where: Group
    search: str
    attributes: tuple[str, ...]
    includes: tuple[IncludeRequest, ...]
    order: tuple[tuple[Field, bool], ...]  # (field, descending)
    limit: int | None
    offset: int


def _attributes(value: Any, listing: Listing, place: str) -> tuple[str, ...]:
    defaults = listing.default_attributes or listing.attributes
    if value is None:
        return defaults
    if isinstance(value, dict):
        # Sequelize's {"include": [...], "exclude": [...]} around the defaults.
        extra = _attribute_names(value.get("include") or [], listing, f"{place}.include")
        dropped = _attribute_names(value.get("exclude") or [], listing, f"{place}.exclude")
        return tuple(name for name in (*defaults, *extra) if name not in dropped) or tuple(defaults)
    return _attribute_names(value, listing, place)


def _attribute_names(value: Any, listing: Listing, place: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _error(place, ERR_ATTRIBUTES)
    names = []
    for index, name in enumerate(value):
        if not isinstance(name, str) or name not in listing.attributes:
            raise _error(
                f"{place}.{index}",
                ERR_ATTRIBUTE_UNKNOWN
                % {"attribute": name, "attributes": ", ".join(listing.attributes)},
            )
        if name not in names:
            names.append(name)
    return tuple(names)


def _model_key(model: str) -> str:
    model = model.strip().lower()
    return model[:-1] if model.endswith("s") and not model.endswith("ss") else model


def _includes(value: Any, listing: Listing, budget: _Budget) -> tuple[IncludeRequest, ...]:
    if value is None or value == []:
        return ()
    if not isinstance(value, list):
        raise _error("find.include", ERR_INCLUDE)
    if len(value) > MAX_INCLUDES:
        raise _error("find.include", ERR_TOO_MANY_INCLUDES % {"count": MAX_INCLUDES})
    available = {_model_key(include.model): include for include in listing.includes}
    requests = []
    for index, item in enumerate(value):
        place = f"find.include.{index}"
        if isinstance(item, str):
            item = {"model": item}
        if not isinstance(item, dict) or not isinstance(item.get("model"), str):
            raise _error(place, ERR_INCLUDE)
        for key in item:
            if key not in INCLUDE_KEYS:
                raise _error(f"{place}.{key}", ERR_INCLUDE_KEY % {"key": key})
        include = available.get(_model_key(item["model"]))
        if include is None:
            models = ", ".join(each.model for each in listing.includes) or "-"
            raise _error(
                f"{place}.model", ERR_INCLUDE_MODEL % {"model": item["model"], "models": models}
            )
        where = parse_where(
            item.get("where"), include.listing.fields, f"{place}.where", budget=budget
        )
        required = item.get("required")
        if required is not None and not isinstance(required, bool):
            raise _error(f"{place}.required", ERR_VALUE_KIND % {"kind": KIND_NAMES[BOOLEAN]})
        jointype = item.get("jointype")
        if jointype is not None:
            if not isinstance(jointype, str) or jointype.strip().lower() not in JOIN_TYPES:
                raise _error(f"{place}.jointype", ERR_JOINTYPE)
            if required is None:
                required = JOIN_TYPES[jointype.strip().lower()]
        attributes = _attributes(item.get("attributes"), include.listing, f"{place}.attributes")
        requests.append(
            IncludeRequest(
                include=include,
                where=where,
                attributes=attributes,
                # As in Sequelize: an include with a where is required unless told otherwise.
                required=bool(where.children) if required is None else required,
                limit=_paging(item.get("limit"), f"{place}.limit", default=None),
                offset=_paging(item.get("offset"), f"{place}.offset", default=0) or 0,
            )
        )
    return tuple(requests)


def _order(value: Any, listing: Listing) -> tuple[tuple[Field, bool], ...]:
    if value is None or value == []:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise _error("find.order", ERR_ORDER)
    if len(value) > MAX_FIND_CONDITIONS:
        raise _error("find.order", ERR_LIST_TOO_LONG % {"count": MAX_FIND_CONDITIONS})
    order = []
    for index, item in enumerate(value):
        place = f"find.order.{index}"
        if isinstance(item, str):
            item = item.split()
        if not isinstance(item, list) or not 1 <= len(item) <= 2:
            raise _error(place, ERR_ORDER)
        name, direction = item[0], (item[1] if len(item) == 2 else "asc")
        if not isinstance(name, str) or not isinstance(direction, str):
            raise _error(place, ERR_ORDER)
        spec = _field(listing.fields, name, place)
        if direction.lower() not in ("asc", "desc"):
            raise _error(place, ERR_DIRECTION)
        order.append((spec, direction.lower() == "desc"))
    return tuple(order)


def _paging(value: Any, place: str, *, default: int | None) -> int | None:
    if value is None:
        return default
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _error(place, ERR_PAGING)
    if value > MAX_PAGING:
        raise _error(place, ERR_PAGING_RANGE % {"maximum": MAX_PAGING})
    return value


def _search(value: Any, listing: Listing) -> str:
    """Luzmo's ``search``: a keyphrase, as text or ``{"keyphrase": "…"}``; "" for none."""
    if value is None or value == "" or value == {}:
        return ""
    if isinstance(value, dict):
        for key in value:
            if key not in SEARCH_KEYS:
                raise _error(f"find.search.{key}", ERR_SEARCH)
        value = value.get("keyphrase")
        if value is None or value == "":
            return ""
    if not isinstance(value, str):
        raise _error("find.search", ERR_SEARCH)
    if not listing.search_fields:
        raise _error("find.search", ERR_SEARCH_UNSUPPORTED)
    return value.strip()


def _unwrapped(find: dict[str, Any]) -> dict[str, Any]:
    """Some scripts send the find wrapped once more, as ``{"find": {…}}``."""
    if set(find) == {"find"} and isinstance(find["find"], dict):
        return find["find"]
    return find


def parse_find(find: dict[str, Any], listing: Listing) -> Find:
    """The find checked against the resource's whitelist (a 400 on the first fault)."""
    find = _unwrapped(find)
    for key in find:
        if key not in FIND_KEYS:
            raise _error(f"find.{key}", ERR_FIND_KEY % {"key": key})
    budget = _Budget()
    return Find(
        where=parse_where(find.get("where"), listing.fields, budget=budget),
        search=_search(find.get("search"), listing),
        attributes=_attributes(find.get("attributes"), listing, "find.attributes"),
        includes=_includes(find.get("include"), listing, budget),
        order=_order(find.get("order"), listing),
        limit=_paging(find.get("limit"), "find.limit", default=None),
        offset=_paging(find.get("offset"), "find.offset", default=0) or 0,
    )


def pick_attributes(values: dict[str, Any], attributes: Sequence[str], keep: str | None = None):
    picked = {name: values[name] for name in attributes}
    if keep is not None and keep in values:
        picked[keep] = values[keep]
    return picked
