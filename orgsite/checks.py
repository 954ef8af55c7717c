"""System checks of the production settings (``manage.py check``, ``check --deploy``)."""

from django.conf import settings
from django.core.checks import Warning, register

# Caches that each process (or each machine) keeps to itself: the throttles, rate limits
# and anything else counted in them would count apart on every instance.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache": "per process",
    "django.core.cache.backends.dummy.DummyCache": "counting nothing",
    "django.core.cache.backends.filebased.FileBasedCache": "per machine",
}


@register()
def cache_is_shared(app_configs, **kwargs) -> list[Warning]:
    """With DEBUG off, the default cache should be one that every instance shares."""
    if settings.DEBUG:
        return []
    backend = settings.CACHES["default"]["BACKEND"]
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            f"The default cache ({backend.rsplit('.', 1)[-1]}) is {PER_PROCESS_CACHES[backend]}: "
            "each worker and instance counts throttles and rate limits on its own, so a limit "
            "of 20 lets through 20 per process.",
            hint="Set CACHE_URL to a shared cache, e.g. CACHE_URL=redis://127.0.0.1:6379/0.",
            id="orgsite.W001",
        )
    ]
