"""The window counter under the limits (common.ratelimit): exact under concurrency on a
shared Redis, windowed, and an event taken back."""

import threading

import pytest
from django.core.cache import caches

from common import ratelimit
from common.ratelimit import WindowCounter
from orgsite.tests.instances import redis_server  # noqa: F401


@pytest.fixture
def on_redis(settings, redis_server):  # noqa: F811
    settings.CACHES = {
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": redis_server}
    }
    caches["default"].clear()
    yield
    caches["default"].clear()


def test_concurrent_events_are_all_counted(on_redis):
    """Each thread has its own Redis connection, as two workers would: none of the events
    is lost (reading a list and writing it back lost them)."""
    counter = WindowCounter("concurrency", 60)
    barrier = threading.Barrier(4)

    def record_many() -> None:
        barrier.wait()
        for _event in range(50):
            counter.record("198.51.100.1")

    threads = [threading.Thread(target=record_many) for _thread in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert counter.count("198.51.100.1") == 200
    assert counter.count("198.51.100.2") == 0


def test_events_leave_the_window(on_redis, monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    counter = WindowCounter("window", 60)
    counter.record("client")
    now[0] += 30
    assert counter.record("client") == 2

    now[0] += 31
    assert counter.count("client") == 1
    now[0] += 30
    assert counter.count("client") == 0


def test_an_event_taken_back_is_not_counted(on_redis):
    counter = WindowCounter("taken-back", 60)
    counter.record("client")
    counter.record("client")

    counter.forget_one("client")

    assert counter.count("client") == 1
