"""Log records carry the id of the request they were written in (``request_id``, "-" outside
a request), set by orgsite.middleware.RequestIdMiddleware; settings.LOGGING prints them as
JSON lines in production, plain in development."""

import logging

from common.request_context import current_request_id


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id() or "-"
        return True
