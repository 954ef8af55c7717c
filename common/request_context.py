"""Per-request values (the client's address, the request id, the site's address) kept in
context variables, and the one place that decides what the client's address is.

Audit events record the IP the change came from, and log lines the request they belong to.
Passing the request into every service would couple the service layer to HTTP; context
variables set by the middleware (and by nothing else) keep services callable from commands
and tests, where the values are simply absent.
"""

import ipaddress
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest

_client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)
_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent ``request``, for throttles, lockouts and audit
    events.

    ``X-Forwarded-For`` is the client's to forge, except for the entries that our own
    proxies appended: with ``TRUSTED_PROXY_COUNT`` = N, each of the N proxies in front of the
    site appends the address it received the request from, so the client is the N-th entry
    from the right (the leftmost when the list is shorter: the request came in through
    fewer proxies). With 0 (the default), and whenever that entry is not an IP address,
    ``REMOTE_ADDR``.
    """
    remote_address = request.META.get("REMOTE_ADDR", "")
    trusted_proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted_proxies <= 0 or not forwarded:
        return remote_address
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        return remote_address
    candidate = hops[-min(trusted_proxies, len(hops))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_address


@contextmanager
def client_ip(address: str | None) -> Iterator[None]:
    token = _client_ip.set(address)
    try:
        yield
    finally:
        _client_ip.reset(token)


def current_client_ip() -> str | None:
    return _client_ip.get()


@contextmanager
def request_id(value: str | None) -> Iterator[None]:
    token = _request_id.set(value)
    try:
        yield
    finally:
        _request_id.reset(token)


def current_request_id() -> str | None:
    return _request_id.get()


# The address of the site as the current request reached it ("https://orgs.example.com"),
# for absolute links in e-mails sent during the request.
_site_url: ContextVar[str | None] = ContextVar("site_url", default=None)


@contextmanager
def site_url(url: str | None) -> Iterator[None]:
    token = _site_url.set(url)
    try:
        yield
    finally:
        _site_url.reset(token)


def absolute_url(path: str) -> str:
    """``path`` on the current request's address, else on ``SITE_URL`` (commands, tasks)."""
    return (_site_url.get() or settings.SITE_URL) + path
