"""Paging of the browser pages' lists, and returning to the same page after an action.

A list page reads ``?page=N`` (or another parameter, when a page shows two lists) and its
filters from the query string; the forms of its row actions carry that query string back
(``PLACE_FIELD``), so that removing someone on page 7 of a search lands on page 7 of it.
"""

import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

PLACE_FIELD = "list_query"


def rows_between(items, start: int, stop: int):
    """``items[start:stop]`` of an ordered queryset as a "deferred join": the page's keys
    are read first, from the index serving the order alone (an index-only scan when the
    index ends with the key), then only those rows are joined and read. A plain OFFSET
    would read and join every skipped row too: 950 of them for page 20. A ``FirstRows``
    list reads its own top-N query instead."""
    if isinstance(items, FirstRows):
        return items[start:stop]
    return items.filter(pk__in=items.values("pk")[start:stop])


class DeferredJoinPaginator(Paginator):
    """Django's paginator, its pages read with ``rows_between``."""

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(rows_between(self.object_list, bottom, top), number, self)


class FirstRows:
    """An ordered list whose pages are read as "the first N rows" queries: for a list that
    is the union of several sources (what a user may see), each source can then be cut at
    the page instead of the database collecting all of them to sort (issue 11).

    ``everything`` is the whole list (read when iterated, and counted only when asked:
    the lists page it with ``uncounted_page_of`` or an uncounted REST pagination);
    ``first(n)`` a queryset in the same order of (at least) its first ``n`` rows. A page
    ``[start:stop]`` is read from ``first(stop)``."""

    def __init__(self, everything: QuerySet, first: Callable[[int], QuerySet]):
        self.everything = everything
        self.first = first
        self.ordered = True  # for the paginator: its order is the querysets'

    def count(self) -> int:
        return self.everything.count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(self.everything)

    def __getitem__(self, key):
        if isinstance(key, slice) and key.stop is not None and key.stop >= 0:
            return self.first(key.stop)[key]
        return self.everything[key]


def page_of(request: HttpRequest, items, *, per_page: int, param: str = "page") -> Page:
    """The page of ``items`` the query string asks for; out of range or not a number: the
    nearest page (after a removal emptied the last page, the one before it)."""
    return Paginator(items, per_page).get_page(request.GET.get(param))


@dataclass
class UncountedPage:
    """A page of a list too large to count on every request: it reads one row more than it
    shows to know whether a next page exists, and offers Previous and Next, not "of N"."""

    object_list: list
    number: int
    has_next: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def __bool__(self) -> bool:
        return bool(self.object_list)

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def uncounted_page_of(
    request: HttpRequest, items: "QuerySet | FirstRows", *, per_page: int, param: str = "page"
) -> UncountedPage:
    """Like ``page_of`` without counting ``items`` (one query a page). A page past the end
    (the last row of the last page was just removed) becomes the last page, found with the
    count that only this rare case needs."""
    try:
        number = max(1, int(request.GET.get(param, 1)))
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * per_page
    rows = list(rows_between(items, start, start + per_page + 1))
    if not rows and number > 1:
        number = max(1, math.ceil(items.count() / per_page))
        start = (number - 1) * per_page
        rows = list(rows_between(items, start, start + per_page + 1))
    return UncountedPage(rows[:per_page], number, has_next=len(rows) > per_page)


def redirect_to_place(request: HttpRequest, url_name: str, **kwargs) -> HttpResponseRedirect:
    """Back to ``url_name`` with the list's query string the action's form carried. Parsed
    and encoded again, so it can only ever be a query string of that page."""
    query = QueryDict(request.POST.get(PLACE_FIELD, "")).urlencode()
    url = reverse(url_name, kwargs=kwargs)
    return redirect(f"{url}?{query}" if query else url)


def row_form_fields(request: HttpRequest) -> SafeString:
    """The hidden fields of every row action's form on a list page, made once for the page
    rather than once per row: the CSRF token and the list's place (``PLACE_FIELD``)."""
    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<input type="hidden" name="{}" value="{}">',
        get_token(request),
        PLACE_FIELD,
        request.GET.urlencode(),
    )


def url_of_each(url_name: str) -> Callable[[object], str]:
    """``reverse(url_name, args=[pk])`` for many rows from one reversal: a page of 50 rows
    reverses each of its row URLs once, not 50 times."""
    placeholder = str(uuid.UUID(int=0))
    head, tail = reverse(url_name, args=[placeholder]).split(placeholder)
    return lambda pk: f"{head}{pk}{tail}"
