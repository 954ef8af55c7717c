"""Domain errors raised by the service layer.

Each front door maps them once: the browser UI to a form error and a flash message, the REST
API to 400/403/404, the Core API to its error body. Messages are user-facing and translatable.
"""

from django.utils.encoding import force_str


class DomainError(Exception):
    """A rule refused the operation; nothing was changed."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return force_str(self.message)


class InvalidInput(DomainError):
    """The input breaks a rule (bad value, duplicate, limit reached)."""


class PermissionDenied(DomainError):
    """The acting user can see the object but may not do this to it."""

    status_code = 403


class NotFound(DomainError):
    """The object does not exist or lies outside the acting user's reach (answered as 404)."""

    status_code = 404
