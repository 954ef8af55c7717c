"""Sequelize-style ``find`` translated into ORM queries, against a whitelist per resource.

    {"where": {"email": {"like": "%@acme.test"}, "or": [{"city": null}, {"city": "Gent"}]},
     "attributes": ["id", "email"],
     "include": [{"model": "Organization", "attributes": ["name"], "where": {...}}],
     "order": [["created_at", "desc"]], "limit": 10, "offset": 20}

``where`` takes equality, a list (IN), the operators ``in``, ``notIn``, ``gt``, ``gte``,
``lt``, ``lte``, ``ne``, ``eq``, ``like``, ``ilike`` (also with Sequelize's ``$`` prefix),
and nested ``or`` / ``and``. Every field is checked against the resource's whitelist and
every value against the field's kind before any query runs: an unknown field, operator or
bad value is a 400 naming the place at fault, never a 500. Filters, order and paging run
in the database; a catalogue without a table (locales, countries) is filtered in Python
with the same parsed conditions.

``count`` is the number of rows matching ``where`` (and the required includes), before
``limit`` and ``offset``, as Sequelize's findAndCountAll counts.

The package, by concern: ``listing`` (what a resource declares), ``parse`` (the find checked
against it), ``queries`` (conditions as ORM filters), ``run`` (a find on a queryset, with its
includes) and ``catalogue`` (a find on rows held in memory). The names that resources and
tests use are gathered here.
"""

from common.coreapi.find.catalogue import matches, run_catalogue_find
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
from common.coreapi.find.parse import (
    MAX_FIND_CONDITIONS,
    MAX_FIND_DEPTH,
    MAX_PAGING,
    OPERATORS,
    Condition,
    Find,
    Group,
    IncludeRequest,
    parse_find,
    parse_where,
)
from common.coreapi.find.queries import like_regex, to_q
from common.coreapi.find.run import run_find

__all__ = [
    "BOOLEAN",
    "DATETIME",
    "INTEGER",
    "MAX_FIND_CONDITIONS",
    "MAX_FIND_DEPTH",
    "MAX_PAGING",
    "OPERATORS",
    "TEXT",
    "UUID",
    "Condition",
    "Field",
    "Find",
    "Group",
    "Include",
    "IncludeRequest",
    "Listing",
    "like_regex",
    "matches",
    "parse_find",
    "parse_where",
    "run_catalogue_find",
    "run_find",
    "to_q",
]
