"""A find on a catalogue held in memory (locales, countries): the same parsed conditions,
matched in Python."""

import re
from typing import Any

from common.coreapi.find.listing import Listing
from common.coreapi.find.parse import Group, parse_find, pick_attributes
from common.coreapi.find.queries import like_regex


def _compare(operator: str, actual: Any, expected: Any) -> bool:
    if operator == "eq":
        return actual == expected
    if operator == "ne":
        return actual != expected
    if actual is None or expected is None:
        return False
    return {
        "gt": actual > expected,
        "gte": actual >= expected,
        "lt": actual < expected,
        "lte": actual <= expected,
    }[operator]


def matches(group: Group, row: dict[str, Any]) -> bool:
    """Whether a catalogue row satisfies the conditions (the same rules as ``to_q``)."""
    results = []
    for child in group.children:
        if isinstance(child, Group):
            results.append(matches(child, row))
            continue
        actual = row.get(child.field.path)
        operator, value = child.operator, child.value
        if operator in ("in", "notIn"):
            result = actual in value
            results.append(result if operator == "in" else not result)
        elif operator in ("like", "ilike"):
            flags = re.IGNORECASE if operator == "ilike" else 0
            results.append(
                isinstance(actual, str) and re.match(like_regex(value), actual, flags) is not None
            )
        else:
            results.append(_compare(operator, actual, value))
    return all(results) if group.kind == "and" else any(results)


def _matches_search(keyphrase: str, listing: Listing, row: dict[str, Any]) -> bool:
    needle = keyphrase.casefold()
    return any(needle in str(row.get(path) or "").casefold() for path in listing.search_fields)


def run_catalogue_find(
    find: dict[str, Any], listing: Listing, rows: list[dict[str, Any]]
) -> dict[str, Any]:
    """The same for a catalogue held in memory (its listing has no includes)."""
    parsed = parse_find(find, listing)
    selected = [
        row
        for row in rows
        if matches(parsed.where, row)
        and (not parsed.search or _matches_search(parsed.search, listing, row))
    ]
    for spec, descending in reversed(parsed.order):
        selected.sort(key=lambda row, path=spec.path: row.get(path) or "", reverse=descending)
    end = parsed.offset + parsed.limit if parsed.limit is not None else None
    page = selected[parsed.offset : end]
    return {
        "count": len(selected),
        "rows": [pick_attributes(row, parsed.attributes) for row in page],
    }
