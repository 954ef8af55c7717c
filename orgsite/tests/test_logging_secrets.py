"""No secret reaches the application log: every refused request that carries one (an
invitation or password-reset token in its path, an API token, a password) is driven here
with the real logging configuration, and the captured output must not hold it."""

import io
import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from gunicorn.config import Config
from rest_framework.test import APIClient

from accounts.services import api_token_create
from common.gunicorn_logging import SecretMaskingLogger
from common.logging import MASK, SecretMaskingFilter, mask_secrets
from organizations.services.invitation import invitation_create, invitation_revoke
from organizations.views import invitation as invitation_views


@pytest.fixture
def log_output():
    """What the configured console handler writes, whatever the level of the loggers."""
    handler = next(
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(each, SecretMaskingFilter) for each in handler.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


@pytest.fixture
def invitation(owner, organization):
    return invitation_create(acting_user=owner, organization=organization, email="new@x.test")


def assert_logged_without(output: io.StringIO, secret: str, expected: str) -> None:
    text = output.getvalue()
    assert expected in text, text  # the request was logged: the test saw something
    assert secret not in text, text


def test_a_valid_invitation_opened_by_the_wrong_account(client, member, invitation, log_output):
    client.force_login(member)

    response = client.get(f"/invitations/{invitation.token}/")

    assert response.status_code == 403
    assert_logged_without(log_output, invitation.token, f"/invitations/{MASK}/")


@pytest.mark.parametrize("state", ["unknown", "revoked"])
def test_an_unknown_or_revoked_invitation(client, owner, invitation, log_output, state):
    token = invitation.token if state == "revoked" else invitation.token[::-1]
    if state == "revoked":
        invitation_revoke(acting_user=owner, invitation=invitation)

    response = client.get(f"/invitations/{token}/")

    assert 400 <= response.status_code < 500
    assert_logged_without(log_output, token, f"/invitations/{MASK}/")


def test_an_invitation_posted_without_csrf_or_with_another_method(client, invitation, log_output):
    csrf_client = Client(enforce_csrf_checks=True, raise_request_exception=False)

    refused = [
        csrf_client.post(f"/invitations/{invitation.token}/"),
        client.put(f"/invitations/{invitation.token}/"),
        csrf_client.get(f"/login/?next=/invitations/{invitation.token}/", HTTP_HOST="evil.test"),
    ]

    assert [response.status_code for response in refused] == [403, 405, 400]
    assert_logged_without(log_output, invitation.token, "Forbidden (CSRF")
    assert f"Method Not Allowed (PUT): /invitations/{MASK}/" in log_output.getvalue()


def test_a_failing_invitation_page_logs_its_traceback_without_the_token(
    invitation, log_output, monkeypatch
):
    def fail(token):
        raise RuntimeError(f"could not read /invitations/{token}/")

    monkeypatch.setattr(invitation_views, "invitation_by_token", fail)

    response = Client(raise_request_exception=False).get(f"/invitations/{invitation.token}/")

    assert response.status_code == 500
    assert_logged_without(log_output, invitation.token, "RuntimeError: could not read")


def test_a_password_reset_link_posted_without_csrf(member, log_output):
    # The link's page answers 200 or a redirect whatever its token: only the CSRF check
    # refuses a request at its path.
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    token = default_token_generator.make_token(member)

    response = Client(enforce_csrf_checks=True).post(f"/password-reset/{uid}/{token}/")

    assert response.status_code == 403
    assert_logged_without(log_output, token, f"/password-reset/{uid}/{MASK}/")


def test_api_tokens_and_passwords_of_refused_calls(client, member, log_output):
    api_token, token = api_token_create(acting_user=member, name="script")
    rest = APIClient()
    rest.credentials(HTTP_AUTHORIZATION=f"Token {api_token.pk}:{token}x")

    responses = [
        rest.get("/api/v1/organizations/"),
        client.post(
            "/0.1.0/user",
            {"action": "get", "key": str(api_token.pk), "token": token + "x", "find": {}},
            content_type="application/json",
        ),
        client.post("/login/", {"username": member.email, "password": "a secret guess"}),
    ]

    assert [response.status_code for response in responses] == [401, 401, 200]
    assert_logged_without(log_output, token, "Unauthorized: /0.1.0/user")
    assert "a secret guess" not in log_output.getvalue()


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Not Found: /invitations/abc_DEF-123/", f"Not Found: /invitations/{MASK}/"),
        ("/login/?next=%2Finvitations%2Fabc%2F", f"/login/?next=%2Finvitations%2F{MASK}%2F"),
        ("GET /signup/?invitation=abc&x=1", f"GET /signup/?invitation={MASK}&x=1"),
        ("/password-reset/MQ/c4x-0af/", f"/password-reset/MQ/{MASK}/"),
        ("Authorization: Token k-1:s3cr3t", f"Authorization: Token k-1:{MASK}"),
        ('{"token": "s3cr3t", "password": "p"}', f'{{"token": "{MASK}", "password": "{MASK}"}}'),
        # What is not a secret stays, for whoever reads the log.
        (
            "/organization/invitations/7d9f1d1e-9d5e-4a5e-8a44-9a1f5b3c0e11/resend/",
            "/organization/invitations/7d9f1d1e-9d5e-4a5e-8a44-9a1f5b3c0e11/resend/",
        ),
        ("/password-reset/MQ/set-password/", "/password-reset/MQ/set-password/"),
        ("/password-reset/sent/", "/password-reset/sent/"),
    ],
)
def test_the_masks(text, masked):
    assert mask_secrets(text) == masked


def test_gunicorns_access_log_masks_the_tokens_of_paths_queries_and_referrers():
    config = Config()
    config.set("accesslog", "-")
    output = io.StringIO()
    access_log = SecretMaskingLogger(config)
    access_log.access_log.handlers[0].setStream(output)
    token = "Zm9vYmFyLXNlY3JldC10b2tlbi1vZi00My1jaGFycw"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/invitations/{token}/",
        "PATH_INFO": f"/invitations/{token}/",
        "QUERY_STRING": f"invitation={token}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": f"https://orgs.example.com/signup/?invitation={token}",
    }
    response = SimpleNamespace(status="302 Found", sent=0, headers=[])

    access_log.access(response, [], environ, timedelta(milliseconds=3))

    line = output.getvalue()
    assert f'"GET /invitations/{MASK}/ HTTP/1.1" 302' in line
    assert token not in line
