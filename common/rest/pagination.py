from rest_framework import pagination

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
