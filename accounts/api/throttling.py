"""Throttles of the REST API. Their rates are read from settings at request time, so that
tests (and operators) can change them without a restart of the class definitions."""

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle

from common.ratelimit import WindowCounter
from common.request_context import client_address


class SettingsRatesMixin:
    @property
    def THROTTLE_RATES(self) -> dict:
        return api_settings.DEFAULT_THROTTLE_RATES

    def get_ident(self, request: Request) -> str:
        # X-Forwarded-For only through the trusted proxies, as everywhere else.
        return client_address(request)


class AuthenticationFailureThrottle(SettingsRatesMixin, SimpleRateThrottle):
    """Counts failed token authentications per client address.

    Only failures count: once an address has used up the rate, every token authentication
    from it answers 429 until the oldest failure leaves the window, valid pairs included, so
    that guessing can't go on in the background.
    """

    scope = "api_auth_failures"

    def allow_request(self, request: Request, view) -> bool:
        if self.rate is None:
            return True
        # Counted atomically in the shared cache: every worker and instance sees the same
        # failures (the history list of DRF's throttles is read and written back, so two
        # workers failing at once would count one).
        self.counter = WindowCounter(f"api:{self.scope}", self.duration)
        self.client = self.get_ident(request)
        return self.counter.count(self.client) < self.num_requests

    def record_failure(self) -> None:
        """Call after allow_request() when the credentials were refused."""
        if self.rate is None:
            return
        self.counter.record(self.client)

    def wait(self) -> float:
        # The oldest failure leaves the window at the latest after a whole window.
        return float(self.duration)


class InvitationThrottle(SettingsRatesMixin, ScopedRateThrottle):
    """Invitations created or resent, per user (each sends an e-mail)."""
