"""A find run on the rows the caller may see: the page in the database, each include in
one query for all rows of the page."""

from collections import defaultdict
from collections.abc import Sequence
from itertools import chain, islice
from operator import itemgetter
from typing import Any

from django.conf import settings
from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber

from common.coreapi.find.listing import Field, Include, Listing
from common.coreapi.find.parse import IncludeRequest, parse_find, pick_attributes
from common.coreapi.find.queries import search_q, to_q
from common.coreapi.streaming import StreamedRows

# Rows a server-side cursor fetches at a time (PostgreSQL; SQLite reads its own way).
STREAM_CHUNK_ROWS = 2000


def _path_prefix(include: Include) -> str:
    """The path from a link row to the included row's fields (none: the link is the row)."""
    return f"{include.child}__" if include.child else ""


def _under(prefix: str, ordering: Sequence[str]) -> list[str]:
    """An ordering of the included model as an ordering of the link rows."""
    return [
        f"-{prefix}{name[1:]}" if name.startswith("-") else f"{prefix}{name}" for name in ordering
    ]


def _order_by(order: tuple[tuple[Field, bool], ...], prefix: str = "") -> list[str]:
    return [f"{'-' if descending else ''}{prefix}{spec.path}" for spec, descending in order]


def run_find(
    find: dict[str, Any], listing: Listing, rows: QuerySet, context: Any
) -> dict[str, Any]:
    """``{"count": n, "rows": [...]}`` for a find on the rows the caller may see: one query
    to count, one for the page, one per include."""
    parsed = parse_find(find, listing)
    rows = rows.filter(to_q(parsed.where))
    if parsed.search:
        rows = rows.filter(search_q(parsed.search, listing))
    for request in parsed.includes:
        if request.required:
            linked = (
                request.include.links(context)
                .filter(to_q(request.where, _path_prefix(request.include)))
                .values(request.include.parent)
            )
            rows = rows.filter(pk__in=linked)
    count = rows.count()
    ordering = _order_by(parsed.order) or list(listing.ordering)
    page = rows.order_by(*ordering, "pk")
    end = parsed.offset + parsed.limit if parsed.limit is not None else None
    objects = list(page[parsed.offset : end])
    answers = [pick_attributes(listing.answer(row, context), parsed.attributes) for row in objects]
    for request in parsed.includes:
        include = request.include
        if len(objects) == 1 and include.values is not None and request.limit is None:
            answers[0][include.key] = _all_rows_of_one(request, objects[0].pk, context)
            continue
        children: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for parent, answer in _included(request, [row.pk for row in objects], context):
            children[parent].append(pick_attributes(answer, request.attributes, include.link_key))
        for row, values in zip(objects, answers, strict=True):
            values[include.key] = children.get(row.pk, [])
    return {"count": count, "rows": answers}


def _all_rows_of_one(
    request: IncludeRequest, parent: Any, context: Any
) -> list[dict[str, Any]] | StreamedRows:
    """Every included row of one outer row (the caller's organization with all its members),
    read in one query through a server-side cursor: a list when there are few, else the
    rows streamed as they are read, so that 50,000 members are never held at once."""
    include = request.include
    values = _links(request, [parent], context).values_list(include.parent, *include.values)
    # The attributes asked, picked in C (an answer from values always holds its link key).
    keys = (*request.attributes, include.link_key) if include.link_key else request.attributes
    pick = itemgetter(*keys) if len(keys) > 1 else lambda answer: tuple(answer[k] for k in keys)
    answer_values = include.answer_values
    rows = (
        dict(zip(keys, pick(answer_values(row, context)), strict=True))
        for row in values.iterator(chunk_size=STREAM_CHUNK_ROWS)
    )
    # Reading the first rows runs the query: a failing one is still a refusal, not a
    # stream broken off.
    first = list(islice(rows, settings.CORE_API_STREAMED_INCLUDE_ROWS + 1))
    if len(first) <= settings.CORE_API_STREAMED_INCLUDE_ROWS:
        return first
    return StreamedRows(chain(first, rows))


def _links(request: IncludeRequest, parents: list[Any], context: Any) -> QuerySet:
    """The link rows of ``parents`` that the include's ``where`` keeps, in its order: each
    parent's rows in the include's order, ``offset`` and ``limit`` applied per parent (a
    plain LIMIT for one parent, ROW_NUMBER() over each parent's rows for several)."""
    include = request.include
    ordering = [
        *(include.link_ordering or _under(_path_prefix(include), include.listing.ordering)),
        "pk",
    ]
    links = (
        include.links(context)
        .filter(**{f"{include.parent}__in": parents})
        .filter(to_q(request.where, _path_prefix(include)))
        .order_by(*ordering)
    )
    paged = request.limit is not None or request.offset
    end = request.offset + request.limit if request.limit is not None else None
    if paged and len(parents) == 1:
        links = links[request.offset : end]
    elif paged:
        links = links.annotate(
            position=Window(RowNumber(), partition_by=[F(include.parent)], order_by=ordering)
        ).filter(position__gt=request.offset)
        if end is not None:
            links = links.filter(position__lte=end)
    return links


def _included(request: IncludeRequest, parents: list[Any], context: Any):
    """``(parent id, answer)`` of the included rows of ``parents``, in one query."""
    include = request.include
    links = _links(request, parents, context)
    if include.values is not None:
        for values in links.values_list(include.parent, *include.values):
            yield values[0], include.answer_values(values, context)
    else:
        for link in links:
            yield getattr(link, include.parent), include.answer(link, context)
