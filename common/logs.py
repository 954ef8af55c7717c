"""Log records carry the id of the request they were written in (``request_id``, "-" outside
a request), set by orgsite.middleware.RequestIdMiddleware; settings.LOGGING prints them as
JSON lines in production, plain in development."""

import logging

from common.request_context import current_request_id


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # django.request writes its line once the middleware has returned, outside the
        # request's context, but hands the request along.
        request = getattr(record, "request", None)
        record.request_id = current_request_id() or getattr(request, "request_id", None) or "-"
        return True
