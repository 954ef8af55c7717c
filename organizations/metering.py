"""Usage metering: operations and data transferred, per organization and day (UTC).

Recording costs no database round trip. ``usage_record`` adds to a dictionary in process
memory under a lock; a background thread of each process writes the buffer to ``UsageDay``
every ``USAGE_METERING_FLUSH_SECONDS``, or as soon as ``USAGE_METERING_FLUSH_EVENTS``
records have piled up, in batches of one upsert that *adds* the counts
(``INSERT … ON CONFLICT (organization_id, day) DO UPDATE SET operations = operations +
excluded.operations``: the same SQL on PostgreSQL and SQLite), so any number of processes
flush into the same rows without losing a count. A batch that fails goes back into the
buffer and is tried again at the next flush.

Nothing is lost when a process stops normally: ``usage_meter.shutdown()`` (registered with
``atexit``, and called by gunicorn's ``worker_exit`` hook in ``gunicorn.conf.py``) stops
the thread and writes what is left. A process that is killed (SIGKILL, a crash) loses at
most what it buffered since its last flush. ``USAGE_METERING_ENABLED = False`` turns
recording off.

What counts (``UsageMeteringMiddleware``), one operation per call and the bytes of its
response body:

* REST API calls (``/api/v1/``) of an authenticated caller: attributed to the organization
  named in the URL, unless the answer is a 404 (the caller may not belong to it: nobody
  makes another organization pay by naming it); otherwise, and for calls that name no
  organization, to the caller's active organization.
* Core API calls (``/0.1.0/``): attributed to ``request.usage_organization_id`` when the
  handler sets it, else to the active organization of ``request.user`` when the handler has
  authenticated the key/token pair and set ``request.user`` to its user. A call without an
  authenticated user is not counted.
* Dashboard and dataset views of the browser UI: their views call
  ``usage_record(organization_id, operations=1, data_bytes=len(response.content))``; so may
  any other code that consumes on an organization's behalf. Don't call it for API calls:
  the middleware counts those.
"""

import atexit
import logging
import os
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.http import HttpRequest, HttpResponse

from organizations.models import Organization, UsageDay

logger = logging.getLogger(__name__)

REST_API_PREFIX = "/api/v1/"
CORE_API_PREFIX = "/0.1.0/"
# Rows per INSERT: 4 parameters each stays far below SQLite's limit of parameters.
UPSERT_BATCH_ROWS = 200
SHUTDOWN_JOIN_SECONDS = 10

UsageKey = tuple[uuid.UUID, date]


class UsageMeter:
    """The buffer of one process: counts per (organization, day), flushed in batches."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Starts empty, without a thread (in a forked child: see below)."""
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._counts: dict[UsageKey, list[int]] = {}
        self._events = 0
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._stopping = False

    def record(
        self,
        organization_id: Any,
        operations: int = 1,
        data_bytes: int = 0,
        *,
        day: date | None = None,
    ) -> None:
        if not isinstance(organization_id, uuid.UUID):
            organization_id = uuid.UUID(str(organization_id))
        key = (organization_id, day or datetime.now(UTC).date())
        with self._lock:
            counts = self._counts.get(key)
            if counts is None:
                self._counts[key] = [operations, data_bytes]
            else:
                counts[0] += operations
                counts[1] += data_bytes
            self._events += 1
            full = self._events >= settings.USAGE_METERING_FLUSH_EVENTS
            background = self._background_flusher()
        if self._stopping or (full and not background):
            self.flush()
        elif full:
            self._wake.set()

    def _background_flusher(self) -> bool:
        """Starts the flushing thread on first use (called under ``_lock``); False when
        flushing in the background is off (``USAGE_METERING_FLUSH_SECONDS`` empty)."""
        if self._thread is not None:
            return True
        if not settings.USAGE_METERING_FLUSH_SECONDS or self._stopping:
            return False
        self._thread = threading.Thread(
            target=self._flush_periodically, name="usage-meter", daemon=True
        )
        self._thread.start()
        return True

    def _flush_periodically(self) -> None:
        while not self._stopping:
            self._wake.wait(settings.USAGE_METERING_FLUSH_SECONDS)
            self._wake.clear()
            if self._stopping:
                break
            self.flush()
            # This thread's own connection: dropped when it outlives CONN_MAX_AGE (at
            # once with the default of 0) or is broken, and opened again next time.
            close_old_connections()

    def pending(self) -> dict[UsageKey, tuple[int, int]]:
        """A copy of what is buffered and not yet written (operations, bytes)."""
        with self._lock:
            return {key: (counts[0], counts[1]) for key, counts in self._counts.items()}

    def flush(self) -> int:
        """Writes the buffer; returns the number of rows written. On failure the counts go
        back into the buffer (for the next flush) and the error is logged."""
        with self._flush_lock:
            with self._lock:
                counts, self._counts = self._counts, {}
                self._events = 0
            if not counts:
                return 0
            try:
                return usage_add(counts)
            except Exception:
                with self._lock:
                    for key, (operations, data_bytes) in counts.items():
                        buffered = self._counts.setdefault(key, [0, 0])
                        buffered[0] += operations
                        buffered[1] += data_bytes
                logger.exception("Usage metering: writing %d rows failed; kept", len(counts))
                return 0

    def shutdown(self) -> None:
        """Stops the flushing thread and writes what is left. Safe to call more than once;
        records made afterwards are written at once."""
        self._stopping = True
        self._wake.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(SHUTDOWN_JOIN_SECONDS)
        self.flush()
        lost = self.pending()
        if lost:
            # The database refused the last flush: say exactly what it could not write.
            logger.error("Usage metering: not written at exit: %r", lost)

    def discard(self) -> None:
        """Forgets the buffer (tests only: nothing is written)."""
        with self._lock:
            self._counts = {}
            self._events = 0


def usage_add(counts: dict[UsageKey, Iterable[int]]) -> int:
    """Adds operations and bytes to the organizations' days, in one transaction of
    multi-row upserts. Counts of organizations deleted meanwhile are dropped."""
    rows = sorted((key, tuple(value)) for key, value in counts.items())
    # Sorted, so that two processes flushing the same rows lock them in the same order.
    for attempt in range(2):
        known = set(
            Organization.objects.filter(
                pk__in={organization_id for (organization_id, _day), _value in rows}
            ).values_list("pk", flat=True)
        )
        rows = [row for row in rows if row[0][0] in known]
        try:
            with transaction.atomic():
                for start in range(0, len(rows), UPSERT_BATCH_ROWS):
                    _upsert(rows[start : start + UPSERT_BATCH_ROWS])
            return len(rows)
        except IntegrityError:
            # An organization was deleted between the check and the insert: check again.
            if attempt:
                raise
    return 0  # not reached


def _upsert(rows: list[tuple[UsageKey, tuple[int, int]]]) -> None:
    meta = UsageDay._meta
    quote = connection.ops.quote_name
    organization_field = meta.get_field("organization")
    day_field = meta.get_field("day")
    table = quote(meta.db_table)
    organization, day = quote(organization_field.column), quote(day_field.column)
    operations, data_bytes = quote("operations"), quote("data_bytes")
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    sql = (
        f"INSERT INTO {table} ({organization}, {day}, {operations}, {data_bytes}) "
        f"VALUES {values} "
        f"ON CONFLICT ({organization}, {day}) DO UPDATE SET "
        f"{operations} = {table}.{operations} + excluded.{operations}, "
        f"{data_bytes} = {table}.{data_bytes} + excluded.{data_bytes}"
    )
    parameters: list[Any] = []
    for (organization_id, on_day), (operation_count, byte_count) in rows:
        parameters += [
            organization_field.get_db_prep_value(organization_id, connection),
            day_field.get_db_prep_value(on_day, connection),
            operation_count,
            byte_count,
        ]
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)


usage_meter = UsageMeter()
atexit.register(usage_meter.shutdown)
# In a process forked from this one (gunicorn with --preload), start empty: the parent's
# counts are the parent's to write, and its thread does not exist in the child.
os.register_at_fork(after_in_child=usage_meter.reset)


def usage_record(organization_id: Any, operations: int = 1, data_bytes: int = 0) -> None:
    """Counts ``operations`` and ``data_bytes`` for the organization today (UTC), in memory:
    no database work here. Does nothing when metering is off."""
    if settings.USAGE_METERING_ENABLED:
        usage_meter.record(organization_id, operations, data_bytes)


def _charged_organization(request: HttpRequest, response: HttpResponse) -> Any:
    """The organization a metered call is charged to, or None (see the module's doc)."""
    explicit = getattr(request, "usage_organization_id", None)
    if explicit is not None:
        return explicit
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if request.path_info.startswith(REST_API_PREFIX) and response.status_code != 404:
        match = request.resolver_match
        named = match.kwargs.get("organization_id") if match is not None else None
        if named is not None:
            return named
    return getattr(user, "active_organization_id", None)


def _counted(content: Iterator[bytes], on_end: Callable[[int], None]) -> Iterator[bytes]:
    size = 0
    try:
        for chunk in content:
            size += len(chunk)
            yield chunk
    finally:
        on_end(size)


class UsageMeteringMiddleware:
    """Counts the calls of the REST API and the Core API (see the module's doc). Sits after
    the authentication middleware; reads the user that the API's authentication set."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        path = request.path_info
        if not (path.startswith(REST_API_PREFIX) or path.startswith(CORE_API_PREFIX)):
            return response
        if not settings.USAGE_METERING_ENABLED:
            return response
        organization_id = _charged_organization(request, response)
        if organization_id is None:
            return response
        if response.streaming:
            response.streaming_content = _counted(
                response.streaming_content,
                lambda size: usage_meter.record(organization_id, 1, size),
            )
        else:
            usage_meter.record(organization_id, 1, len(response.content))
        return response
