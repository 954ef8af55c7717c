"""Error reporting: Sentry gets the error, with no credentials and no personal data.

The first test runs the site in a fresh process (Sentry hooks into Django for the rest of
a process's life) with Sentry initialised as settings.py does when SENTRY_DSN is set, and a
transport that keeps the events instead of sending them."""

import json
import subprocess
import sys
from pathlib import Path

from orgsite.sentry import FILTERED, before_send

BASE_DIR = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, os
os.environ.update(
    DJANGO_SETTINGS_MODULE="orgsite.settings",
    DATABASE_URL="sqlite://:memory:",
    ALLOWED_HOSTS="testserver",
)
import django
django.setup()
import sentry_sdk
from sentry_sdk.transport import Transport
from orgsite.sentry import sentry_init

events = []

class KeepEvents(Transport):
    def capture_envelope(self, envelope):
        event = envelope.get_event()
        if event is not None:
            events.append(event)

sentry_init(dsn="https://public@sentry.invalid/1", environment="test", traces_sample_rate=0,
            transport=KeepEvents)

from django.test import Client
from orgsite.api import views

def explode(self, request):
    key, token = "0b6a-key", "s3cret-token"
    raise RuntimeError("refused Token 0b6a-key:s3cret-token")

views.HealthView.get = explode
response = Client(raise_request_exception=False).get(
    "/api/v1/health/?token=s3cret-token&page=2",
    HTTP_AUTHORIZATION="Token 0b6a-key:s3cret-token",
    HTTP_COOKIE="csrftoken=s3cret-session",
    HTTP_X_REQUEST_ID="req-42",
)
sentry_sdk.flush()
print(json.dumps({"status": response.status_code, "events": events}, default=str))
"""


def test_an_error_reaches_sentry_without_credentials():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=BASE_DIR, capture_output=True, text=True, check=True
    )
    output = json.loads(result.stdout.strip().splitlines()[-1])

    assert output["status"] == 500
    [event] = output["events"]
    assert event["exception"]["values"][0]["type"] == "RuntimeError"
    assert event["tags"]["request_id"] == "req-42"
    text = json.dumps(event)
    assert "s3cret-token" not in text
    assert "s3cret-session" not in text
    assert "0b6a-key:" not in text
    assert "user" not in event


def test_before_send_strips_credentials_wherever_they_are():
    event = {
        "message": "could not sync with Token abc:def",
        "request": {
            "headers": {"Authorization": "Token abc:def", "Accept": "application/json"},
            "data": {"action": "get", "key": "abc", "token": "def", "find": {"where": {}}},
            "query_string": "token=def&page=2",
        },
        "extra": {"nested": [{"password": "hunter2"}, ["X-Api-Key", "abc"]]},
    }

    scrubbed = before_send(event, {})

    assert scrubbed["message"] == f"could not sync with Token {FILTERED}"
    assert scrubbed["request"]["headers"] == {
        "Authorization": FILTERED,
        "Accept": "application/json",
    }
    assert scrubbed["request"]["data"] == {
        "action": "get",
        "key": FILTERED,
        "token": FILTERED,
        "find": {"where": {}},
    }
    assert scrubbed["request"]["query_string"] == f"token={FILTERED}&page=2"
    assert scrubbed["extra"]["nested"] == [{"password": FILTERED}, ["X-Api-Key", FILTERED]]
