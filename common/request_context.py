"""Per-request values (the client's IP) kept in a context variable.

Audit events record the IP the change came from. Passing the request into every service
would couple the service layer to HTTP; a context variable set by the middleware (and by
nothing else) keeps services callable from commands and tests, where the IP is simply absent.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

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
