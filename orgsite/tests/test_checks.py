"""The system check that production settings share their cache between instances."""

import pytest

from orgsite.checks import cache_is_shared

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
        "django.core.cache.backends.filebased.FileBasedCache",
    ],
)
def test_production_settings_with_a_per_process_cache_are_warned_about(settings, backend):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": "/tmp/x"}}

    warnings = cache_is_shared(None)

    assert [warning.id for warning in warnings] == ["orgsite.W001"]
    assert "CACHE_URL=redis://" in warnings[0].hint


@pytest.mark.parametrize(
    "backend", ["django_redis.cache.RedisCache", "django.core.cache.backends.redis.RedisCache"]
)
def test_a_shared_cache_passes(settings, backend):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": "redis://127.0.0.1:6379/0"}}

    assert cache_is_shared(None) == []


def test_development_may_keep_the_per_process_cache(settings):
    settings.DEBUG = True
    settings.CACHES = LOCMEM

    assert cache_is_shared(None) == []
