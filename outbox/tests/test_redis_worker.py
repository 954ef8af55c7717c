"""The production path for real: the Redis broker and a ``celery worker`` process.

The site's processes here are real ones on a throwaway SQLite file: ``manage.py`` records an
invitation (its commit queues the task on Redis) before any worker runs, then a worker
started like production's delivers it to a real SMTP server, once. And a broker that
accepts connections and never answers holds the invitation only briefly: the e-mail waits
in the outbox for the sweep. The broker is the Redis of ``REDIS_TEST_URL`` (CI sets it to the
one it starts on 127.0.0.1:6379), else a private ``redis-server`` that the test starts;
deselect with ``-m "not redis"``.
"""

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings

from orgsite.tests.instances import redis_server  # noqa: F401 (a fixture)
from outbox.tests.smtp import free_port, smtp_server, wait_until

pytestmark = pytest.mark.redis

INVITEE = "newbie@example.test"
INVITE = """
import time
from accounts.models import User
from organizations.services.invitation import invitation_create
owner = User.objects.get(email="owner@test.com")
started = time.monotonic()
invitation = invitation_create(
    acting_user=owner, organization=owner.active_organization, email="{email}"
)
print(f"{{time.monotonic() - started:.2f}}", invitation.email_message.status)
"""


@pytest.fixture
def broker_url(request) -> str:
    """``REDIS_TEST_URL`` when set (CI's Redis on 127.0.0.1:6379), else a private
    ``redis-server`` for this test session (orgsite.tests.instances)."""
    return os.environ.get("REDIS_TEST_URL") or request.getfixturevalue("redis_server")


@pytest.fixture
def redis_client(broker_url):
    client = redis.Redis.from_url(broker_url, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.ConnectionError as error:
        pytest.fail(
            f"Redis does not answer at {broker_url} ({error}): start it, or unset "
            "REDIS_TEST_URL to let the test start its own redis-server",
            pytrace=False,
        )
    yield client
    client.close()


def manage(env: dict, *arguments: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=180,
    ).stdout


@pytest.fixture(scope="module")
def site_env(tmp_path_factory) -> dict:
    """The environment of the site's processes: a migrated SQLite file with the demo data."""
    folder = tmp_path_factory.mktemp("site")
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "EMAIL_TIMEOUT": "5",
    }
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "demo_data", "--password", "Redis-test-password-1")
    return env


def test_a_worker_process_delivers_an_invitation_queued_on_redis_once(
    tmp_path: Path, site_env, broker_url, redis_client
):
    smtp_port = free_port()
    queue = f"orgsite-test-{uuid.uuid4().hex}"
    env = {
        **site_env,
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
    }
    manage(env, "shell", "-c", INVITE.format(email=INVITEE))
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


def test_a_broker_that_never_answers_holds_the_invitation_briefly(site_env):
    with socket.socket() as silent_broker:
        silent_broker.bind(("127.0.0.1", 0))
        silent_broker.listen(16)
        env = {
            **site_env,
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{silent_broker.getsockname()[1]}/0",
        }

        output = manage(env, "shell", "-c", INVITE.format(email="silent@example.test"))

    seconds, status = output.splitlines()[-1].split()
    # Bounded by the broker socket timeout (3 s; before it, forever); the e-mail waits for the
    # sweep.
    assert float(seconds) < 10, output
    assert status == "pending"
