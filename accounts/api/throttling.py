"""Throttles of the REST API. Their rates are read from settings at request time, so that
tests (and operators) can change them without a restart of the class definitions."""

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle


class SettingsRatesMixin:
    @property
    def THROTTLE_RATES(self) -> dict:
        return api_settings.DEFAULT_THROTTLE_RATES


class AuthenticationFailureThrottle(SettingsRatesMixin, SimpleRateThrottle):
    """Counts failed token authentications per client address.

    Only failures count: once an address has used up the rate, every token authentication
    from it answers 429 until the oldest failure leaves the window, valid pairs included, so
    that guessing can't go on in the background.
    """

    scope = "api_auth_failures"

    def get_cache_key(self, request: Request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request: Request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        self.now = self.timer()
        self.history = [
            moment for moment in self.cache.get(self.key, []) if moment > self.now - self.duration
        ]
        return len(self.history) < self.num_requests

    def record_failure(self) -> None:
        """Call after allow_request() when the credentials were refused."""
        if self.rate is None:
            return
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)


class InvitationThrottle(SettingsRatesMixin, ScopedRateThrottle):
    """Invitations created or resent, per user (each sends an e-mail)."""
