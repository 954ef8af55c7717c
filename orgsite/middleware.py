"""Per-request set-up: the client's IP for audit events, the language of the page."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from common import request_context
from organizations.selectors.organizations import effective_locale


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


class EffectiveLocaleMiddleware:
    """Renders each request in the effective locale.

    A logged-in user sees their own language, else their active organization's, else the
    site's default; a visitor sees the best of the browser's Accept-Language among the site's
    languages. Replaces Django's LocaleMiddleware, which knows nothing of organizations.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            language = effective_locale(request.user)
        else:
            language = translation.get_language_from_request(request)
        # override() restores the previous language afterwards, so a language never leaks
        # from one request into the next one served by the same thread.
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", language)
        return response
