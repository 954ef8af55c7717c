"""Request context that the service layer reads without taking a request argument."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from orgsite import request_context


class AuditContextMiddleware:
    """Makes the client's IP address available to audit events written during the request.

    Behind a proxy, set ``REMOTE_ADDR`` correctly at the proxy (gunicorn's
    ``--forwarded-allow-ips``); ``X-Forwarded-For`` is never trusted here, since a client
    could forge it into the audit log.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_context.client_ip(request.META.get("REMOTE_ADDR") or None):
            return self.get_response(request)
