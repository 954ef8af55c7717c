from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=N`` with ``PAGE_SIZE`` rows a page; scripts may ask for up to 200."""

    page_size_query_param = "page_size"
    max_page_size = 200
