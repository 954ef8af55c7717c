from rest_framework import pagination
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from common.paging import DeferredJoinPaginator


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=N`` with ``PAGE_SIZE`` rows a page; scripts may ask for up to 200."""

    page_size_query_param = "page_size"
    max_page_size = 200


class DeferredJoinPagination(PageNumberPagination):
    """For lists that grow with an organization (its members): each page's keys are read
    from the index that orders the list, then only that page's rows (``rows_between``).
    The count stays: on such a list it is an index-only count of one organization's rows."""

    django_paginator_class = DeferredJoinPaginator


class UncountedPagination(PageNumberPagination):
    """``?page=N`` like the other lists, without ``count``: for a list whose whole size
    grows with what the caller may see and is dear to count (the securables: a union of
    several sources). A page reads one row more than it returns to know whether ``next``
    exists; a page past the end is a 404, as on the counted lists."""

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        raw = request.query_params.get(self.page_query_param, 1)
        try:
            self.number = int(raw)
        except (TypeError, ValueError):
            self.number = 0
        if self.number < 1:
            raise NotFound(self.invalid_page_message.format(page_number=raw, message=""))
        start = (self.number - 1) * page_size
        rows = list(queryset[start : start + page_size + 1])
        if not rows and self.number > 1:
            raise NotFound(self.invalid_page_message.format(page_number=raw, message=""))
        self.has_next = len(rows) > page_size
        return rows[:page_size]

    def get_next_link(self):
        if not self.has_next:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.page_query_param, self.number + 1)

    def get_previous_link(self):
        if self.number <= 1:
            return None
        url = self.request.build_absolute_uri()
        if self.number == 2:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, self.number - 1)

    def get_paginated_response(self, data):
        return Response(
            {"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )

    def get_paginated_response_schema(self, schema):
        counted = super().get_paginated_response_schema(schema)
        properties = {key: value for key, value in counted["properties"].items() if key != "count"}
        return {
            "type": "object",
            "description": (
                "A page without a count: follow `next` until it is null. Each page is read "
                "in the list's order from its own sources, whatever the list's size."
            ),
            "required": ["next", "previous", "results"],
            "properties": properties,
        }
