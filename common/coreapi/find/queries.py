"""Parsed conditions as ORM filters: the same on SQLite and PostgreSQL."""

import re
from typing import Any

from django.db.models import Q

from common.coreapi.find.listing import Field, Listing
from common.coreapi.find.parse import Condition, Group


def like_regex(pattern: str) -> str:
    """SQL LIKE as an anchored regular expression: ``%`` any text, ``_`` one character.
    The same on SQLite and PostgreSQL (whose LIKE differ on case)."""
    parts = []
    for character in pattern:
        if character == "%":
            # "%%" means "%": one ".*" for a run keeps the expression from backtracking
            # exponentially on a pattern of many.
            if not parts or parts[-1] != ".*":
                parts.append(".*")
        elif character == "_":
            parts.append(".")
        else:
            parts.append(re.escape(character))
    return "^" + "".join(parts) + "$"


def _equal(spec: Field, path: str, value: Any) -> Q:
    if value is None:
        if spec.blank_is_null:
            return Q(**{path: ""}) | Q(**{f"{path}__isnull": True})
        return Q(**{f"{path}__isnull": True})
    return Q(**{path: value})


def _condition_q(condition: Condition, prefix: str) -> Q:
    spec, operator, value = condition.field, condition.operator, condition.value
    path = prefix + spec.path
    if operator == "eq":
        return _equal(spec, path, value)
    if operator == "ne":
        return ~_equal(spec, path, value)
    if operator in ("in", "notIn"):
        present = [item for item in value if item is not None]
        matched = Q(**{f"{path}__in": present})
        if len(present) < len(value):
            matched |= _equal(spec, path, None)
        return matched if operator == "in" else ~matched
    if operator == "like":
        return Q(**{f"{path}__regex": like_regex(value)})
    if operator == "ilike":
        return Q(**{f"{path}__iregex": like_regex(value)})
    return Q(**{f"{path}__{operator}": value})


def to_q(group: Group, prefix: str = "") -> Q:
    """The conditions as one Q, its paths under ``prefix`` (an include's path)."""
    parts = [
        to_q(child, prefix) if isinstance(child, Group) else _condition_q(child, prefix)
        for child in group.children
    ]
    if group.kind == "and":
        combined = Q()
        for part in parts:
            combined &= part
        return combined
    if not parts:
        # An empty "or" matches nothing, as in Sequelize.
        return Q(pk__in=[])
    if any(not part for part in parts):
        # One alternative without conditions matches everything.
        return Q()
    combined = parts[0]
    for part in parts[1:]:
        combined |= part
    return combined


def search_q(keyphrase: str, listing: Listing) -> Q:
    query = Q()
    for path in listing.search_fields:
        query |= Q(**{f"{path}__icontains": keyphrase})
    return query
