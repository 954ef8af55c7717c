"""The Core API's rate limits per client address: failed authentications, and users
created without credentials."""

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from common.coreapi.errors import CoreApiError

ERR_THROTTLED = _("Too many failed authentications from your address. Try again in a minute.")
ERR_ANONYMOUS_THROTTLED = _(
    "Too many users created without credentials from your address. Try again in an hour."
)


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` events per client address in a sliding window, counted in the
    cache (shared by the processes when ``CACHE_URL`` names a shared cache). The limit is
    read from the setting named ``setting`` when there is one (tests lower it); past it,
    calls are refused with ``message``."""

    name: str
    setting: str
    default: int
    window_seconds: int
    message: Any

    def _key(self, request: HttpRequest) -> str:
        return f"coreapi:{self.name}:{request.META.get('REMOTE_ADDR', '')}"

    def _recent(self, request: HttpRequest, now: float) -> list[float]:
        return [
            moment
            for moment in cache.get(self._key(request), [])
            if moment > now - self.window_seconds
        ]

    def check(self, request: HttpRequest) -> None:
        """A 429 when the address has used up the limit."""
        limit = getattr(settings, self.setting, self.default)
        if len(self._recent(request, time.time())) >= limit:
            raise CoreApiError(429, self.message, headers={"Retry-After": str(self.window_seconds)})

    def record(self, request: HttpRequest) -> None:
        now = time.time()
        cache.set(self._key(request), [now, *self._recent(request, now)], self.window_seconds)


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
    ANONYMOUS_CREATIONS.check(request)
    ANONYMOUS_CREATIONS.record(request)
