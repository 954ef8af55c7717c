"""Operability: each request has an id (the proxy's X-Request-ID, or a new one), echoed in
the response and written in every log line of the request; log lines are JSON in
production (DEBUG off) and plain in development."""

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from pythonjsonlogger.json import JsonFormatter

from common.logs import RequestIdFilter

BASE_DIR = Path(__file__).resolve().parents[2]


def test_a_request_gets_an_id_and_the_response_tells_it(client, db):
    response = client.get("/api/v1/health/")

    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    assert client.get("/api/v1/health/")["X-Request-ID"] != request_id


def test_the_proxys_request_id_is_kept(client, db):
    response = client.get("/api/v1/health/", HTTP_X_REQUEST_ID="lb-7f3a.2")

    assert response["X-Request-ID"] == "lb-7f3a.2"


@pytest.mark.parametrize("given", ["with spaces", "x" * 129, "<script>", "a\tb"])
def test_a_strange_request_id_is_replaced(client, db, given):
    response = client.get("/api/v1/health/", HTTP_X_REQUEST_ID=given)

    assert response["X-Request-ID"] != given
    assert len(response["X-Request-ID"]) == 32


class Lines(logging.Handler):
    def __init__(self, formatter: logging.Formatter) -> None:
        super().__init__()
        self.setFormatter(formatter)
        self.addFilter(RequestIdFilter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def json_formatter() -> logging.Formatter:
    options = dict(django_settings.LOGGING["formatters"]["json"])
    options.pop("()")
    return JsonFormatter(**options)


def test_log_lines_of_a_request_carry_its_id_as_json(client, db):
    lines = Lines(json_formatter())
    root = logging.getLogger()
    root.addHandler(lines)
    try:
        response = client.post("/login/", {"username": "nobody@example.test", "password": "wrong"})
    finally:
        root.removeHandler(lines)

    records = [json.loads(line) for line in lines.lines]
    failed_login = next(record for record in records if record["logger"].startswith("axes"))
    assert failed_login["request_id"] == response["X-Request-ID"]
    assert failed_login["level"] == "INFO"
    assert failed_login["message"]
    assert failed_login["time"].startswith("20")


def log_one_line(debug: str) -> str:
    environment = {
        **os.environ,
        "DEBUG": debug,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_SETTINGS_MODULE": "orgsite.settings",
    }
    environment.pop("LOG_FORMAT", None)
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('orgsite.example').warning('disk %s full', 'var')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return next(line for line in result.stderr.splitlines() if "disk var full" in line)


def test_production_logs_json_lines():
    line = json.loads(log_one_line("false"))

    assert line["level"] == "WARNING"
    assert line["logger"] == "orgsite.example"
    assert line["message"] == "disk var full"
    assert line["request_id"] == "-"
    assert "time" in line


def test_development_logs_plain_lines():
    line = log_one_line("true")

    assert " WARNING orgsite.example [-] disk var full" in line
    assert not line.startswith("{")


def test_the_line_of_a_failed_request_names_its_id_but_not_its_query(client, db):
    lines = Lines(json_formatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(lines)
    try:
        response = client.get("/api/v1/me/?token=s3cret", HTTP_X_REQUEST_ID="req-404")
    finally:
        logger.removeHandler(lines)

    assert response.status_code == 401
    [line] = [json.loads(line) for line in lines.lines]
    assert line["request_id"] == "req-404"
    assert line["status_code"] == 401
    assert "s3cret" not in json.dumps(line)
