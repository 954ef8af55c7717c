"""The Core API's rate limits per client address: failed authentications, and users
created without credentials. Events are counted atomically in the shared cache
(``common.ratelimit``), so every instance of the site sees the same counts."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from common.coreapi.errors import CoreApiError
from common.ratelimit import WindowCounter
from common.request_context import client_address

ERR_THROTTLED = _("Too many failed authentications from your address. Try again in a minute.")
ERR_ANONYMOUS_THROTTLED = _(
    "Too many users created without credentials from your address. Try again in an hour."
)


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` events per client address in a sliding window of
    ``window_seconds``. The limit is read from the setting named ``setting`` when there is
    one (tests lower it); past it, calls are refused with ``message`` and a 429."""

    name: str
    setting: str
    default: int
    window_seconds: int
    message: Any

    @property
    def _counter(self) -> WindowCounter:
        return WindowCounter(f"coreapi:{self.name}", self.window_seconds)

    @property
    def _limit(self) -> int:
        return getattr(settings, self.setting, self.default)

    def _refusal(self) -> CoreApiError:
        return CoreApiError(429, self.message, headers={"Retry-After": str(self.window_seconds)})

    def exhausted(self, request: HttpRequest) -> bool:
        """Has the address used up the limit?"""
        return self._counter.count(client_address(request)) >= self._limit

    def check(self, request: HttpRequest) -> None:
        """A 429 when the address has used up the limit."""
        if self.exhausted(request):
            raise self._refusal()

    def record(self, request: HttpRequest) -> None:
        """Counts an event of the address (a failure, say), whatever the limit."""
        self._counter.record(client_address(request))

    def take(self, request: HttpRequest) -> None:
        """Counts an event of the address if the limit allows it, else a 429: of calls
        racing for the last place, at most one gets it."""
        self.check(request)
        counter, address = self._counter, client_address(request)
        if counter.record(address) > self._limit:
            counter.forget_one(address)
            raise self._refusal()


# Failed authentications: past the limit, every call with credentials from that address
# answers 429 until the oldest failure leaves the window, valid pairs included, so that
# guessing can't go on in the background.
AUTH_FAILURES = RateLimit(
    "auth-failures", "CORE_API_AUTH_FAILURES_PER_MINUTE", 20, 60, ERR_THROTTLED
)
# Users created without credentials, each with a new organization: anyone may, so an
# address may only so often.
ANONYMOUS_CREATIONS = RateLimit(
    "anonymous-creations",
    "CORE_API_ANONYMOUS_CREATIONS_PER_HOUR",
    20,
    3600,
    ERR_ANONYMOUS_THROTTLED,
)


def limit_anonymous_creations(request: HttpRequest) -> None:
    """Counts a call without credentials (a user and organization creation); a 429 past the
    limit of the address."""
    ANONYMOUS_CREATIONS.take(request)
