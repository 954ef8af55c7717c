import pytest
from celery.contrib.testing.worker import start_worker

from orgsite.celery import app as celery_app


def _purge() -> None:
    """Forgets the tasks a previous test's worker left queued (the memory broker lives as
    long as the test process)."""
    with celery_app.connection_for_write() as connection:
        connection.default_channel.queue_purge(celery_app.conf.task_default_queue)


@pytest.fixture
def celery_worker_thread(settings):
    """A real Celery worker consuming the in-memory broker in a thread of the test process:
    queued tasks run there, as in production, not in the request's thread. Tests using it
    commit (``django_db(transaction=True, serialized_rollback=True)``), so that the worker
    sees their rows."""
    celery_app.conf.task_always_eager = False
    _purge()
    try:
        with start_worker(
            celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30
        ) as worker:
            yield worker
    finally:
        _purge()
        celery_app.conf.task_always_eager = True
