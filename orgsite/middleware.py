"""Per-request set-up: the request id, the client's IP for audit events, the language of
the page."""

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from common import request_context
from organizations.selectors.organizations import effective_locale

# What a proxy's or client's request id may look like to be taken as it is (it lands in log
# lines and a response header): anything else is replaced by a new one.
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._:-]{1,128}")


class RequestIdMiddleware:
    """Gives each request an id, for the log lines written while serving it (and the error
    reports): the proxy's ``X-Request-ID`` when it sends a sensible one, else a new one;
    echoed in the response's ``X-Request-ID``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        value = given if REQUEST_ID_PATTERN.fullmatch(given) else uuid.uuid4().hex
        request.request_id = value
        with request_context.request_id(value):
            response = self.get_response(request)
        response.headers["X-Request-ID"] = value
        return response


class AuditContextMiddleware:
    """Makes the client's IP address available to audit events written during the request.

    The address is ``request_context.client_address``'s: ``X-Forwarded-For`` counts only
    through the ``TRUSTED_PROXY_COUNT`` proxies in front of the site, since a client could
    otherwise forge it into the audit log.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_context.client_ip(request_context.client_address(request) or None):
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
