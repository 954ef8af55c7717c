"""Counting events per client in a sliding window, atomically, in the default cache.

Several processes (gunicorn workers, several machines) serve the site: a limit holds only if
they all count in one shared cache (Redis in production, ``CACHE_URL``), and only if two of
them counting at the same moment can't both read 5 and both write 6. So the window is cut
into buckets, one cache counter each, that are only ever incremented (``cache.add`` then
``cache.incr``: Redis's INCR, atomic); the count is the sum of the window's buckets, which
are read together (``get_many``). A bucket expires on its own once it leaves the window.
"""

import contextlib
import time
from dataclasses import dataclass

from django.core.cache import cache

BUCKETS_PER_WINDOW = 10


@dataclass(frozen=True)
class WindowCounter:
    """Events of one kind (``name``) per client in the last ``window_seconds``, to within a
    tenth of the window."""

    name: str
    window_seconds: int

    @property
    def _bucket_seconds(self) -> float:
        return self.window_seconds / BUCKETS_PER_WINDOW

    def _bucket(self, moment: float) -> int:
        return int(moment // self._bucket_seconds)

    def _key(self, client: str, bucket: int) -> str:
        return f"ratelimit:{self.name}:{client}:{bucket}"

    def count(self, client: str) -> int:
        """The events of ``client`` in the window that ends now."""
        current = self._bucket(time.time())
        keys = [
            self._key(client, bucket)
            for bucket in range(current - BUCKETS_PER_WINDOW + 1, current + 1)
        ]
        return sum(value for value in cache.get_many(keys).values() if isinstance(value, int))

    def record(self, client: str) -> int:
        """Counts one event of ``client`` now; returns the count of the window with it."""
        key = self._key(client, self._bucket(time.time()))
        # The bucket lives as long as it is in some window, plus a margin.
        timeout = int(self.window_seconds + 2 * self._bucket_seconds) + 1
        cache.add(key, 0, timeout)
        try:
            cache.incr(key)
        except ValueError:
            # Evicted between add and incr: start it again (an event may be lost, never
            # counted twice).
            cache.add(key, 1, timeout)
        return self.count(client)

    def forget_one(self, client: str) -> None:
        """Takes back an event just recorded (a call refused after all)."""
        key = self._key(client, self._bucket(time.time()))
        with contextlib.suppress(ValueError):
            cache.decr(key)
