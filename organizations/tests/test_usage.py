"""Usage metering counts exactly what was done, without a query per request, and loses
nothing when a process stops normally.

* N REST API calls are N operations, and their bytes are the sum of the response bodies;
  each call is charged to the right organization (the one in the URL, else the caller's
  active one; never an organization the caller merely names).
* Recording runs no query; the buffer is written in batches by an upsert that adds, from
  any number of threads and processes (on PostgreSQL, for real).
* A process that stops normally writes what it buffered: the shutdown hook, a real Python
  process exiting, and gunicorn workers stopped by SIGTERM.
"""

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection, connections
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.services import api_token_create
from organizations import metering
from organizations.billing import today_utc
from organizations.metering import UsageMeter, UsageMeteringMiddleware, usage_meter, usage_record
from organizations.models import UsageDay
from organizations.services.organization import organization_delete
from organizations.tests.factories import OrganizationFactory, UserFactory, add_member

REPOSITORY = Path(settings.BASE_DIR)


def usage_of(organization) -> tuple[int, int]:
    row = UsageDay.objects.filter(organization=organization, day=today_utc()).first()
    return (row.operations, row.data_bytes) if row else (0, 0)


def calls(client: APIClient, paths: list[str]) -> int:
    """Makes the calls; returns the bytes of their response bodies."""
    total = 0
    for path in paths:
        response = client.get(path)
        assert response.status_code < 500, response.content
        total += len(response.content)
    return total


# Recording --------------------------------------------------------------------------------


def test_recording_runs_no_query(organization):
    with CaptureQueriesContext(connection) as queries:
        for _number in range(100):
            usage_record(organization.pk, 1, 1000)

    assert len(queries) == 0
    assert usage_meter.pending() == {(organization.pk, today_utc()): (100, 100_000)}


def test_a_flush_writes_the_buffer_and_adds_to_what_is_written(organization):
    usage_record(organization.pk, 3, 300)
    usage_meter.flush()
    usage_record(organization.pk, 2, 200)
    usage_record(str(organization.pk), 1, 100)  # an id as text is the same organization

    with CaptureQueriesContext(connection) as queries:
        usage_meter.flush()

    assert usage_of(organization) == (6, 600)
    assert usage_meter.pending() == {}
    # The organizations' check and one upsert (in a transaction: its savepoint queries).
    assert len([query for query in queries if "INSERT" in query["sql"]]) == 1


def test_days_are_kept_apart(organization):
    yesterday = today_utc() - timedelta(days=1)
    usage_meter.record(organization.pk, 5, 50, day=yesterday)
    usage_meter.record(organization.pk, 1, 10)
    usage_meter.flush()

    rows = list(organization.usage_days.values_list("day", "operations", "data_bytes"))

    assert rows == [(yesterday, 5, 50), (today_utc(), 1, 10)]


def test_counts_of_a_deleted_organization_are_dropped_not_the_others(organization, outsider):
    gone = OrganizationFactory(owner=outsider)
    usage_record(organization.pk, 1, 10)
    usage_record(gone.pk, 1, 10)
    gone_id = gone.pk
    organization_delete(acting_user=outsider, organization=gone)

    assert usage_meter.flush() == 1
    assert usage_of(organization) == (1, 10)
    assert not UsageDay.objects.filter(organization_id=gone_id).exists()


def test_the_event_threshold_writes_the_buffer(settings, organization):
    settings.USAGE_METERING_FLUSH_EVENTS = 5
    for _number in range(4):
        usage_record(organization.pk, 1, 1)
    assert usage_of(organization) == (0, 0)

    usage_record(organization.pk, 1, 1)

    assert usage_of(organization) == (5, 5)
    assert usage_meter.pending() == {}


def test_metering_off_records_nothing(settings, api_as, organization, owner):
    settings.USAGE_METERING_ENABLED = False

    api_as(owner).get(f"/api/v1/organizations/{organization.pk}/")
    usage_record(organization.pk)

    assert usage_meter.pending() == {}


def test_a_failed_write_keeps_the_counts_for_the_next_flush(monkeypatch, organization, caplog):
    usage_record(organization.pk, 2, 20)
    real_add = metering.usage_add
    monkeypatch.setattr(metering, "usage_add", lambda counts: 1 / 0)

    assert usage_meter.flush() == 0

    assert usage_meter.pending() == {(organization.pk, today_utc()): (2, 20)}
    assert "writing 1 rows failed" in caplog.text
    usage_record(organization.pk, 1, 10)
    monkeypatch.setattr(metering, "usage_add", real_add)
    usage_meter.flush()
    assert usage_of(organization) == (3, 30)


def test_records_from_many_threads_are_all_counted(monkeypatch, organization):
    """The buffer's lock: threads record while another flushes again and again."""
    written: dict = {}
    lock = threading.Lock()

    def add(counts):
        with lock:
            for key, (operations, data_bytes) in counts.items():
                before = written.get(key, (0, 0))
                written[key] = (before[0] + operations, before[1] + data_bytes)
        return len(counts)

    monkeypatch.setattr(metering, "usage_add", add)
    meter = UsageMeter()
    threads, per_thread = 8, 2000
    done = threading.Event()

    def recorder():
        for _number in range(per_thread):
            meter.record(organization.pk, 1, 3)

    def flusher():
        while not done.is_set():
            meter.flush()

    workers = [threading.Thread(target=recorder) for _thread in range(threads)]
    flushing = threading.Thread(target=flusher)
    flushing.start()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    done.set()
    flushing.join()
    meter.flush()

    assert written == {
        (organization.pk, today_utc()): (threads * per_thread, threads * per_thread * 3)
    }


# What the middleware counts ----------------------------------------------------------------


def test_n_api_calls_are_n_operations_with_their_bytes(api_as, organization, owner, member):
    client = api_as(owner)
    base = f"/api/v1/organizations/{organization.pk}/"
    paths = [base, f"{base}members/", f"{base}teams/", f"{base}invitations/", f"{base}billing/"]
    paths = paths * 4  # 20 calls

    data_bytes = calls(client, paths)
    usage_meter.flush()

    assert usage_of(organization) == (20, data_bytes)


def test_refused_calls_count_too(api_as, organization, viewer):
    response = api_as(viewer).get(f"/api/v1/organizations/{organization.pk}/billing/")
    usage_meter.flush()

    assert response.status_code == 403
    assert usage_of(organization) == (1, len(response.content))


def test_a_call_naming_no_organization_is_the_active_organizations(
    api_as, organization, owner, other_organization
):
    data_bytes = calls(api_as(owner), ["/api/v1/me/", "/api/v1/plans/", "/api/v1/organizations/"])
    usage_meter.flush()

    assert usage_of(organization) == (3, data_bytes)
    assert usage_of(other_organization) == (0, 0)


def test_the_organization_in_the_url_pays_not_the_active_one(api_as, organization, owner):
    second = OrganizationFactory(owner=UserFactory())
    add_member(second, owner)  # owner's active organization stays Acme
    data_bytes = calls(api_as(owner), [f"/api/v1/organizations/{second.pk}/members/"])
    usage_meter.flush()

    assert usage_of(second) == (1, data_bytes)
    assert usage_of(organization) == (0, 0)


def test_naming_another_organization_never_charges_it(api_as, organization, outsider):
    """A 404 may mean "not yours": the caller's own organization pays for the call."""
    data_bytes = calls(api_as(outsider), [f"/api/v1/organizations/{organization.pk}/members/"])
    usage_meter.flush()

    assert usage_of(organization) == (0, 0)
    assert usage_of(outsider.active_organization) == (1, data_bytes)


def test_anonymous_calls_and_pages_are_not_counted(client, api_as, organization, owner):
    api_as(None).get(f"/api/v1/organizations/{organization.pk}/")
    api_as(None).get("/api/v1/health/")
    client.force_login(owner)
    client.get("/organization/users/")

    assert usage_meter.pending() == {}


def test_n_core_api_calls_are_n_operations_of_the_callers_organization(client, organization, owner):
    api_token, token = api_token_create(acting_user=owner, name="core")
    body = {"action": "get", "key": str(api_token.pk), "token": token, "find": {}}
    data_bytes = 0
    for _number in range(6):
        response = client.post(
            "/0.1.0/organization", json.dumps(body), content_type="application/json"
        )
        assert response.status_code == 200, response.content
        data_bytes += len(response.content)
    refused = {**body, "token": "wrong"}
    client.post("/0.1.0/organization", json.dumps(refused), content_type="application/json")
    usage_meter.flush()

    assert usage_of(organization) == (6, data_bytes)


def middleware_call(request, response):
    return UsageMeteringMiddleware(lambda _request: response)(request)


def test_core_api_calls_are_the_authenticated_users_organization(organization, owner):
    request = RequestFactory().post("/0.1.0/securable", data=b"{}", content_type="application/json")
    request.user = owner  # set by the Core API's key/token authentication

    middleware_call(request, HttpResponse(b"x" * 123))

    assert usage_meter.pending() == {(organization.pk, today_utc()): (1, 123)}


def test_core_api_handlers_may_name_the_organization(organization, owner, other_organization):
    request = RequestFactory().post("/0.1.0/securable")
    request.user = owner
    request.usage_organization_id = other_organization.pk

    middleware_call(request, HttpResponse(b"abc"))

    assert usage_meter.pending() == {(other_organization.pk, today_utc()): (1, 3)}


def test_core_api_calls_without_an_authenticated_user_are_not_counted(organization):
    request = RequestFactory().post("/0.1.0/user")
    request.user = AnonymousUser()

    middleware_call(request, HttpResponse(b"{}", status=401))

    assert usage_meter.pending() == {}


def test_a_streamed_answer_counts_the_bytes_sent(organization, owner):
    request = RequestFactory().get("/api/v1/export/")
    request.user = owner

    response = middleware_call(request, StreamingHttpResponse(iter([b"a" * 10, b"b" * 5])))
    assert usage_meter.pending() == {}  # nothing sent yet
    body = b"".join(response.streaming_content)

    assert body == b"a" * 10 + b"b" * 5
    assert usage_meter.pending() == {(organization.pk, today_utc()): (1, 15)}


def test_views_of_dashboards_and_datasets_record_with_usage_record(organization):
    usage_record(organization.pk, operations=1, data_bytes=2048)
    usage_record(organization.pk, operations=1, data_bytes=1024)

    assert usage_meter.pending() == {(organization.pk, today_utc()): (2, 3072)}


# Stopping without losing counts -------------------------------------------------------------


@pytest.fixture
def fresh_meter(monkeypatch):
    """A meter of its own, as a new process has: the shared one stays usable."""
    meter = UsageMeter()
    monkeypatch.setattr(metering, "usage_meter", meter)
    yield meter
    meter.discard()


def test_the_gunicorn_worker_exit_hook_writes_the_buffer(fresh_meter, organization, outsider):
    hooks: dict = {}
    exec((REPOSITORY / "gunicorn.conf.py").read_text(), hooks)
    other = outsider.active_organization
    for _number in range(7):
        fresh_meter.record(organization.pk, 1, 100)
    fresh_meter.record(other.pk, 2, 5)

    hooks["worker_exit"](server=None, worker=None)

    assert usage_of(organization) == (7, 700)
    assert usage_of(other) == (2, 5)
    assert fresh_meter.pending() == {}


def test_after_shutdown_records_are_written_at_once(fresh_meter, organization):
    fresh_meter.shutdown()

    fresh_meter.record(organization.pk, 1, 10)

    assert usage_of(organization) == (1, 10)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_background_thread_writes_every_interval(settings, fresh_meter, organization):
    settings.USAGE_METERING_FLUSH_SECONDS = 0.05
    fresh_meter.record(organization.pk, 4, 40)

    deadline = time.monotonic() + 10
    while usage_of(organization) != (4, 40) and time.monotonic() < deadline:
        time.sleep(0.05)

    assert usage_of(organization) == (4, 40)
    fresh_meter.shutdown()
    assert not fresh_meter._thread.is_alive()


def test_a_forked_worker_starts_with_an_empty_buffer(organization):
    """gunicorn --preload forks workers from a process that loaded the site: the parent's
    counts stay the parent's to write."""
    usage_record(organization.pk, 5, 5)

    child = os.fork()
    if child == 0:  # the child: reports through its exit code, runs nothing else
        os._exit(0 if usage_meter.pending() == {} else 1)
    _pid, status = os.waitpid(child, 0)

    assert os.waitstatus_to_exitcode(status) == 0
    assert usage_meter.pending() == {(organization.pk, today_utc()): (5, 5)}


# Real processes ---------------------------------------------------------------------------

SETUP_SCRIPT = """
import django
django.setup()
from accounts.models import User
from accounts.services import api_token_create
from organizations.services.organization import organization_create
owner = User.objects.create_user(email=f"{__import__('uuid').uuid4()}@example.test", name="O")
organization = organization_create(acting_user=owner, name={"en": "Metered"}, region="EU")
api_token, token = api_token_create(acting_user=owner, name="metering")
print(organization.pk, f"Token {api_token.pk}:{token}")
"""

RECORD_AND_EXIT_SCRIPT = """
import sys
import django
django.setup()
from organizations.metering import usage_record
for number in range(int(sys.argv[2])):
    usage_record(sys.argv[1], 1, 100)
sys.exit(0)  # a normal exit: nothing flushed the buffer before this
"""


@pytest.fixture(scope="module")
def process_database(tmp_path_factory):
    """A migrated SQLite file of its own, for processes started by the tests."""
    path = tmp_path_factory.mktemp("metering") / "db.sqlite3"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "orgsite.settings",
        "DATABASE_URL": f"sqlite:///{path}",
        "DEBUG": "true",
        # Only the exit may write: no thread, no threshold.
        "USAGE_METERING_FLUSH_SECONDS": "3600",
        "USAGE_METERING_FLUSH_EVENTS": "1000000",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=REPOSITORY,
        env=environment,
        check=True,
        timeout=120,
    )
    return path, environment


def python(environment, script, *arguments) -> str:
    return subprocess.run(
        [sys.executable, "-c", script, *arguments],
        cwd=REPOSITORY,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout


def stored_usage(path: Path, organization_id: str) -> tuple[int, int]:
    with sqlite3.connect(path) as database:
        row = database.execute(
            "SELECT SUM(operations), SUM(data_bytes) FROM organizations_usageday "
            "WHERE organization_id = ?",
            [uuid.UUID(organization_id).hex],  # how Django stores a UUID in SQLite
        ).fetchone()
    return (row[0] or 0, row[1] or 0)


def test_a_process_that_exits_normally_writes_its_buffer(process_database):
    path, environment = process_database
    organization_id, _header = python(environment, SETUP_SCRIPT).split(" ", 1)

    python(environment, RECORD_AND_EXIT_SCRIPT, organization_id, "250")

    assert stored_usage(path, organization_id) == (250, 25_000)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_workers_stopped_by_sigterm_write_every_call(process_database):
    path, environment = process_database
    organization_id, header = python(environment, SETUP_SCRIPT).strip().split(" ", 1)
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "orgsite.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        cwd=REPOSITORY,  # where gunicorn.conf.py (worker_exit) is read
        env=environment,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}/api/v1/organizations/{organization_id}/"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health/", timeout=2)
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "gunicorn"
                time.sleep(0.2)
        data_bytes = 0
        paths = ["", "members/", "teams/", "billing/"] * 10
        for suffix in paths:
            request = urllib.request.Request(base + suffix, headers={"Authorization": header})
            with urllib.request.urlopen(request, timeout=10) as response:
                data_bytes += len(response.read())
        assert stored_usage(path, organization_id) == (0, 0)  # all still buffered
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        _out, errors = server.communicate(timeout=60)

    assert server.returncode == 0, errors
    assert stored_usage(path, organization_id) == (len(paths), data_bytes)


# Concurrency, for real, on PostgreSQL ------------------------------------------------------


def postgresql_only(test):
    for mark in (
        pytest.mark.postgresql,
        pytest.mark.skipif(
            connection.vendor != "postgresql",
            reason="needs PostgreSQL: concurrent connections writing the same rows "
            "(run `make test-postgres`)",
        ),
        pytest.mark.django_db(transaction=True, serialized_rollback=True),
    ):
        test = mark(test)
    return test


def in_threads(count: int, work) -> list:
    """Runs ``work(index)`` in ``count`` threads started together; each thread closes its
    own database connection. Returns their errors."""
    barrier = threading.Barrier(count)
    errors: list = []

    def run(index):
        try:
            barrier.wait(timeout=30)
            work(index)
        except Exception as error:  # reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@postgresql_only
@pytest.mark.parametrize("attempt", range(3))
def test_concurrent_api_calls_are_counted_exactly(attempt):
    owner = UserFactory()
    organization = OrganizationFactory(owner=owner)
    base = f"/api/v1/organizations/{organization.pk}/"
    threads, per_thread = 8, 15
    sizes = [0] * threads

    def work(index):
        client = APIClient()
        client.force_authenticate(owner)
        paths = [base, f"{base}members/", f"{base}teams/"] * (per_thread // 3)
        sizes[index] = calls(client, paths)
        if index % 2:  # half the threads flush meanwhile, as a worker's thread would
            usage_meter.flush()

    assert in_threads(threads, work) == []
    usage_meter.flush()

    assert usage_of(organization) == (threads * per_thread, sum(sizes))


@postgresql_only
@pytest.mark.parametrize("attempt", range(3))
def test_workers_flushing_the_same_rows_at_once_add_up(attempt):
    """Eight processes' buffers (one meter each), written at the same moment into the same
    two rows: the upsert adds, and its sorted rows never deadlock."""
    organization = OrganizationFactory(owner=UserFactory())
    yesterday = today_utc() - timedelta(days=1)
    meters = [UsageMeter() for _meter in range(8)]
    for index, meter in enumerate(meters):
        meter.record(organization.pk, index + 1, 10 * (index + 1))
        meter.record(organization.pk, 1, 1, day=yesterday)

    assert in_threads(len(meters), lambda index: meters[index].flush()) == []

    assert usage_of(organization) == (36, 360)
    assert UsageDay.objects.get(organization=organization, day=yesterday).operations == 8
