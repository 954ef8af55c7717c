"""The production path for real: the Redis broker and a ``celery worker`` process.

The site's processes here are real ones on a throwaway SQLite file: ``manage.py`` records an
invitation (its commit queues the task on Redis) before any worker runs, then a worker
started like production's delivers it to a real SMTP server, once. Needs Redis on
127.0.0.1:6379 (``REDIS_TEST_URL``), which ``.ci/run`` starts; deselect with
``-m "not redis"``.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings

from outbox.tests.smtp import free_port, smtp_server, wait_until

pytestmark = pytest.mark.redis

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
INVITEE = "newbie@example.test"
INVITE = f"""
from accounts.models import User
from organizations.services.invitation import invitation_create
owner = User.objects.get(email="owner@test.com")
invitation_create(acting_user=owner, organization=owner.active_organization, email="{INVITEE}")
"""


@pytest.fixture
def redis_client():
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.ConnectionError as error:
        pytest.fail(
            f"Redis does not answer at {REDIS_URL} ({error}): apt-get install redis-server and "
            "start it (.ci/run does), or deselect these tests with -m 'not redis'",
            pytrace=False,
        )
    yield client
    client.close()


def manage(env: dict, *arguments: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        timeout=180,
    )


def test_a_worker_process_delivers_an_invitation_queued_on_redis_once(tmp_path: Path, redis_client):
    smtp_port = free_port()
    queue = f"orgsite-test-{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "EMAIL_TIMEOUT": "5",
    }
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "demo_data", "--password", "Redis-test-password-1")
    manage(env, "shell", "-c", INVITE)
    assert redis_client.llen(queue) >= 1  # queued on Redis, waiting for a worker

    worker_log = tmp_path / "worker.log"
    with smtp_server(smtp_port) as mailbox, worker_log.open("w") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "orgsite",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "INFO",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:

            def delivered() -> list:
                return [message for message in mailbox.messages if message["To"] == INVITEE]

            wait_until(lambda: delivered(), timeout=90, what="the invitation delivered")
            time.sleep(1)  # a second delivery, if any, would arrive meanwhile
        finally:
            worker.terminate()
            worker.wait(timeout=60)
            for key in redis_client.scan_iter(match=f"*{queue}*"):
                redis_client.delete(key)

    assert len(delivered()) == 1
    assert "You are invited to join" in delivered()[0]["Subject"]
    log_text = worker_log.read_text()
    assert "outbox.deliver" in log_text
    assert "/invitations/" not in log_text  # no link in the worker's log
