"""The Core API's rate limits: at most so many events per client address in a window,
counted atomically in the shared cache (``common.ratelimit``). The protocol module turns a
refusal into the Core API's 429."""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from common.ratelimit import WindowCounter
from common.request_context import client_address


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` events per client address in a sliding window of
    ``window_seconds``. The limit is read from the setting named ``setting`` when there is
    one (tests lower it)."""

    name: str
    setting: str
    default: int
    window_seconds: int

    @property
    def _counter(self) -> WindowCounter:
        return WindowCounter(f"coreapi:{self.name}", self.window_seconds)

    @property
    def _limit(self) -> int:
        return getattr(settings, self.setting, self.default)

    def exhausted(self, request: HttpRequest) -> bool:
        """Has the address used up the limit?"""
        return self._counter.count(client_address(request)) >= self._limit

    def record(self, request: HttpRequest) -> None:
        """Counts an event of the address (a failure, say), whatever the limit."""
        self._counter.record(client_address(request))

    def take(self, request: HttpRequest) -> bool:
        """Counts an event of the address if the limit allows it (True), else nothing
        (False): of calls racing for the last place, at most one gets it."""
        if self.exhausted(request):
            return False
        counter, address = self._counter, client_address(request)
        if counter.record(address) > self._limit:
            counter.forget_one(address)
            return False
        return True
