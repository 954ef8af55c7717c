"""The request's own address, for the links of the e-mails sent while serving it."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from common import request_context


class RequestSiteMiddleware:
    """Links in e-mails point at the address the request came to (``make run PORT=8841``
    links to 8841), not at a configured one. ``build_absolute_uri`` goes through Django's
    host validation: a Host outside ALLOWED_HOSTS never gets here (400 before), and behind
    a TLS proxy the scheme follows SECURE_PROXY_SSL_HEADER."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_context.site_url(request.build_absolute_uri("/").rstrip("/")):
            return self.get_response(request)
