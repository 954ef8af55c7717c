"""Real app instances for the tests of what several instances share: a private Redis server
and gunicorn processes on one database file, each with its own MEDIA_ROOT, as an operator
runs them behind a load balancer.

``redis_server`` starts ``redis-server`` (a system package: scripts/system-deps.sh installs
it) on a free port with nothing persisted, and fails, never skips, without it.
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

BASE_DIR = Path(__file__).resolve().parents[2]
START_TIMEOUT_SECONDS = 30
PASSWORD = "a long and hard to guess password"

# Run in a fresh process on the instances' database: an owner with an organization and an
# API key/token pair for the REST API, printed as JSON.
SETUP_SCRIPT = f"""
import json
import django
django.setup()
from accounts.services import api_token_create, user_signup
from organizations.services.organization import organization_create
owner = user_signup(email="owner@instances.test", name="Owner", password={PASSWORD!r})
organization = organization_create(acting_user=owner, name={{"en": "Shared"}}, region="EU")
api_token, token = api_token_create(acting_user=owner, name="instances")
values = {{"organization": str(organization.pk), "key": str(api_token.pk), "token": token}}
print(json.dumps(values))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(ready, what: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} exited with {process.returncode}", pytrace=False)
        try:
            if ready():
                return
        except (OSError, requests.RequestException):
            pass
        time.sleep(0.1)
    pytest.fail(f"{what} did not start within {START_TIMEOUT_SECONDS} s", pytrace=False)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[str]:
    """The URL of a private Redis server, for this test session only."""
    executable = shutil.which("redis-server")
    if executable is None:
        pytest.fail(
            "redis-server is required for the tests of shared state (apt-get install "
            "redis-server, or scripts/system-deps.sh)",
            pytrace=False,
        )
    port = free_port()
    process = subprocess.Popen(
        [
            executable,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def answers() -> bool:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")

    try:
        wait_until(answers, "redis-server", process)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)


@dataclass
class Instance:
    name: str
    url: str
    media_root: Path
    log: Path
    process: subprocess.Popen = field(repr=False)

    def get(self, path: str, **kwargs) -> requests.Response:
        return requests.get(self.url + path, timeout=10, allow_redirects=False, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return requests.post(self.url + path, timeout=10, allow_redirects=False, **kwargs)

    def put(self, path: str, **kwargs) -> requests.Response:
        return requests.put(self.url + path, timeout=10, allow_redirects=False, **kwargs)


@dataclass
class Site:
    """What the instances share: the database (and whatever CACHE_URL names)."""

    directory: Path
    environment: dict[str, str]
    organization: str
    key: str
    token: str
    instances: list[Instance] = field(default_factory=list)

    def start(self, name: str, **settings: str) -> Instance:
        port = free_port()
        media_root = self.directory / f"{name}-media"
        log = self.directory / f"{name}.log"
        environment = {**self.environment, "MEDIA_ROOT": str(media_root), **settings}
        with log.open("w") as output:
            process = subprocess.Popen(
                [
                    str(Path(sys.executable).with_name("gunicorn")),
                    "orgsite.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                ],
                cwd=BASE_DIR,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        instance = Instance(name, f"http://127.0.0.1:{port}", media_root, log, process)
        self.instances.append(instance)
        wait_until(
            lambda: instance.get("/api/v1/health/").status_code == 200, f"instance {name}", process
        )
        return instance

    def stop_all(self) -> None:
        for instance in self.instances:
            stop(instance.process)
        self.instances.clear()


def prepare_site(directory: Path) -> Site:
    """A migrated database file with an owner, their organization and an API token pair."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CACHE_", "MEDIA_", "DATABASE_", "PYTEST_"))
    }
    environment.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": f"sqlite:///{directory / 'shared.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "orgsite.settings",
            "USAGE_METERING_FLUSH_SECONDS": "0",
            "PYTHONUNBUFFERED": "1",
        }
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=environment,
        check=True,
        capture_output=True,
    )
    created = subprocess.run(
        [sys.executable, "-c", SETUP_SCRIPT],
        cwd=BASE_DIR,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    values = json.loads(created.stdout.strip().splitlines()[-1])
    return Site(directory, environment, **values)
