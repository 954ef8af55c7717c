"""Readiness (/health/ready): 200 when the database, the cache and the broker answer, 503
naming what doesn't; liveness (/api/v1/health/) answers regardless."""

import pytest
from django.db.utils import OperationalError

from orgsite import readiness
from orgsite.tests.instances import free_port, redis_server  # noqa: F401

READY = "/health/ready"


def test_ready_when_everything_answers(client, db):
    response = client.get(READY)

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "not configured"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_a_database_that_does_not_answer_makes_it_unready(client, db, monkeypatch):
    def refuse() -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(readiness, "database_answers", refuse)

    response = client.get(READY)

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["database"] == "unavailable (OperationalError)"
    assert response.json()["checks"]["cache"] == "ok"
    # Liveness is not readiness: the process itself is fine.
    assert client.get("/api/v1/health/").status_code == 200


def test_a_cache_that_does_not_answer_makes_it_unready(client, db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }

    response = client.get(READY)

    assert response.status_code == 503
    assert response.json()["checks"]["cache"].startswith("unavailable")
    assert response.json()["checks"]["database"] == "ok"


def test_the_broker_is_checked_when_there_is_one(client, db, settings, redis_server):  # noqa: F811
    settings.CELERY_BROKER_URL = redis_server

    assert client.get(READY).json()["checks"]["broker"] == "ok"


def test_a_broker_that_does_not_answer_makes_it_unready(client, db, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"

    response = client.get(READY)

    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("unavailable")


@pytest.mark.parametrize("path", [READY, "/api/v1/health/"])
def test_probes_over_plain_http_are_not_redirected_in_production(client, db, settings, path):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get(path).status_code == 200
    # Pages are redirected all the same.
    assert client.get("/login/").status_code == 301
