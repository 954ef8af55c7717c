"""Readiness: may this instance take traffic? It answers 200 when the database, the cache and
the task queue's broker (when ``CELERY_BROKER_URL`` is set) all answer, else 503 naming the
ones that don't, so a load balancer or an orchestrator takes the instance out of rotation
until they do. Liveness (/api/v1/health/) stays without any of that: a database outage must
not get every instance restarted."""

import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from kombu import Connection

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 2


def database_answers() -> None:
    for alias in connections:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()


def cache_answers() -> None:
    key, value = f"readiness:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return what was just stored")
    finally:
        cache.delete(key)


def broker_answers() -> None:
    with Connection(
        settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT_SECONDS
    ) as connection:
        connection.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)


def broker_is_a_server() -> bool:
    """A broker to reach over the network; the embedded default is a folder of var/ (kombu's
    file-system transport), with nothing to check."""
    url = getattr(settings, "CELERY_BROKER_URL", "")
    return bool(url) and not url.startswith("filesystem:")


def checks() -> dict[str, Callable[[], None] | None]:
    return {
        "database": database_answers,
        "cache": cache_answers,
        "broker": broker_answers if broker_is_a_server() else None,
    }


@never_cache
@require_safe
def ready(request: HttpRequest) -> JsonResponse:
    results, healthy = {}, True
    for name, check in checks().items():
        if check is None:
            results[name] = "not configured"
            continue
        try:
            check()
        except Exception as error:  # whatever it is, the dependency doesn't answer
            logger.warning("readiness: the %s does not answer", name, exc_info=True)
            results[name] = f"unavailable ({error.__class__.__name__})"
            healthy = False
        else:
            results[name] = "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": results},
        status=200 if healthy else 503,
    )
