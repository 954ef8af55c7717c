"""Per-request values (the client's IP, the site's address) kept in context variables.

Audit events record the IP the change came from. Passing the request into every service
would couple the service layer to HTTP; a context variable set by the middleware (and by
nothing else) keeps services callable from commands and tests, where the IP is simply absent.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

_client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)


@contextmanager
def client_ip(address: str | None) -> Iterator[None]:
    token = _client_ip.set(address)
    try:
        yield
    finally:
        _client_ip.reset(token)


def current_client_ip() -> str | None:
    return _client_ip.get()


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
