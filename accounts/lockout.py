"""Login brute-force protection (django-axes): how failed logins are told apart and what a
locked-out visitor sees. The settings (limit, lock time, per account and per address) are
in orgsite/settings.py; the failures are rows of axes' AccessAttempt, in the database every
instance shares, and operators lift a lock by deleting the row in the admin."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class LoginLockoutBackend(AxesStandaloneBackend):
    """Axes' backend, which refuses a locked-out login, for logins made over HTTP only.

    ``authenticate()`` without a request (a management command, a script) is nobody's
    guessing from afar; axes would refuse it outright, so it is left to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def login_username(request: HttpRequest, credentials: dict | None) -> str:
    """The account a login tried: e-mail addresses are matched without case, so
    ``Amy@Example.com`` and ``amy@example.com`` count as one account."""
    username = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD) or request.POST.get(
        settings.AXES_USERNAME_FORM_FIELD, ""
    )
    return str(username).strip().lower()


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """429 with a page that says why and for how long, in the visitor's language."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(request, "accounts/lockout.html", {"lockout_minutes": minutes}, status=429)
    response.headers["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
