"""Helpers for the Core API tests that drive a live server with the official SDKs.

Live-server tests commit for real, so they run as transactional tests; ``serialized_rollback``
restores the plan catalogue (a data migration) that flushing the database would empty.

A test module imports ``live_server_settled`` (an autouse fixture) to wait, after each live
test, for the server's request threads to finish.
"""

import base64
import gc
import io
import re
import threading
import time

import pytest
from luzmo.luzmo import Luzmo
from PIL import Image

from accounts.services import api_token_create

LIVE = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SETTLE_TIMEOUT_SECONDS = 10


@pytest.fixture(autouse=True)
def live_server_settled(request):
    """After a live test, waits until the live server has finished its requests.

    The server answers from one thread per connection, and such a thread still closes its
    database connection after the client has read the answer: without this wait it races the
    flush of the test database (and, at the end, dropping it on PostgreSQL). Set up after
    the database and the server, so it runs before they are torn down.
    """
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("live_server")
    yield
    # A refused SDK call leaves its HTTP connection open until the exception's traceback
    # is collected (a reference cycle), and the server's thread waits on that connection.
    gc.collect()
    deadline = time.monotonic() + SETTLE_TIMEOUT_SECONDS
    # socketserver names each request thread after its target.
    while time.monotonic() < deadline and any(
        "process_request_thread" in thread.name for thread in threading.enumerate()
    ):
        time.sleep(0.01)


# How the Core API writes timestamps, as seed 001 does.
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def token_pair(user, name: str = "tests") -> tuple[str, str]:
    api_token, token = api_token_create(acting_user=user, name=name)
    return str(api_token.pk), token


def sdk_for(live_server, user=None, *, key: str = "", token: str = "") -> Luzmo:
    """The Python SDK pointed at the live server, acting as ``user`` (or with the given
    pair)."""
    if user is not None:
        key, token = token_pair(user)
    return Luzmo(key, token, api_host=live_server.url)


def sdk_refusal(call, *args, **kwargs) -> str:
    """Runs an SDK call that must fail; returns "<reason phrase>: <message>", the text the
    Python SDK raises (``RuntimeError`` whose ``__cause__`` carries it)."""
    with pytest.raises(RuntimeError) as raised:
        call(*args, **kwargs)
    return str(raised.value.__cause__)


def png_base64(size: tuple[int, int] = (32, 32), color: str = "#2a6") -> str:
    output = io.BytesIO()
    Image.new("RGB", size, color).save(output, format="PNG")
    return base64.b64encode(output.getvalue()).decode()
