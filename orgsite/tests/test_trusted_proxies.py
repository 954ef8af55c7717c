"""The client's address behind proxies: X-Forwarded-For counts only through the
TRUSTED_PROXY_COUNT proxies in front of the site, for throttles, lockouts and audit events;
without a trusted proxy a forged header changes nothing."""

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from accounts.services import api_token_create
from common.request_context import client_address
from organizations.models import AuditAction, AuditEvent

ME = "/api/v1/me/"
PROXY = "10.0.0.2"


def address_of(forwarded_for: str | None, remote: str = PROXY) -> str:
    headers = {"REMOTE_ADDR": remote}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client_address(RequestFactory().get("/", **headers))


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert address_of("198.51.100.7") == PROXY
    assert address_of(None) == PROXY


@pytest.mark.parametrize(
    ("count", "forwarded_for", "expected"),
    [
        # One proxy: it appended the address it saw, the last entry.
        (1, "198.51.100.7", "198.51.100.7"),
        # The client forged an entry: the proxy's own is still the last one.
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        # Two proxies: the outer one's entry, second from the right.
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.1", "198.51.100.7"),
        # Fewer entries than proxies: the leftmost (the request skipped the outer proxy).
        (2, "198.51.100.7", "198.51.100.7"),
        (1, "2001:db8::1", "2001:db8::1"),
        # Garbage where an address should be, or nothing: the proxy's address.
        (1, "6.6.6.6, not-an-address", PROXY),
        (1, " , ", PROXY),
        (1, None, PROXY),
    ],
)
def test_with_trusted_proxies_their_entries_are_honoured(settings, count, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = count

    assert address_of(forwarded_for) == expected


@pytest.fixture
def low_failure_rate(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "api_auth_failures": "2/minute",
        },
    }


def through_the_proxy(header: str, forwarded_for: str) -> APIClient:
    client = APIClient(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)
    client.credentials(HTTP_AUTHORIZATION=header)
    return client


def test_behind_a_trusted_proxy_one_guesser_does_not_lock_out_everyone(
    settings, low_failure_rate, member
):
    """The failure reported in the issue: behind a proxy every client had the proxy's
    address, so one guesser's failures locked out every token user."""
    settings.TRUSTED_PROXY_COUNT = 1
    api_token, token = api_token_create(acting_user=member, name="script")
    guesser = through_the_proxy(f"Token {api_token.pk}:guess", "198.51.100.66")
    for _attempt in range(2):
        assert guesser.get(ME).status_code == 401
    assert guesser.get(ME).status_code == 429
    # Forging another address in front of the proxy's entry doesn't help the guesser...
    forged = through_the_proxy(f"Token {api_token.pk}:guess", "203.0.113.1, 198.51.100.66")
    assert forged.get(ME).status_code == 429
    # ...and a user at another address is not affected.
    user = through_the_proxy(f"Token {api_token.pk}:{token}", "198.51.100.10")
    assert user.get(ME).status_code == 200


def test_without_a_trusted_proxy_a_forged_header_does_not_escape_the_throttle(
    settings, low_failure_rate, member
):
    settings.TRUSTED_PROXY_COUNT = 0
    api_token, _token = api_token_create(acting_user=member, name="script")
    for attempt in range(2):
        guesser = through_the_proxy(f"Token {api_token.pk}:guess", f"198.51.100.{attempt}")
        assert guesser.get(ME).status_code == 401

    fresh_looking = through_the_proxy(f"Token {api_token.pk}:guess", "198.51.100.99")
    assert fresh_looking.get(ME).status_code == 429


def organization_url(organization) -> str:
    return f"/api/v1/organizations/{organization.pk}/"


@pytest.mark.parametrize(
    ("count", "recorded"), [(0, PROXY), (1, "198.51.100.7")], ids=["spoofed", "trusted"]
)
def test_audit_events_record_the_client_behind_trusted_proxies(
    settings, api_as, admin, organization, count, recorded
):
    settings.TRUSTED_PROXY_COUNT = count

    response = api_as(admin).patch(
        organization_url(organization),
        {"locale": "nl"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )

    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.ORGANIZATION_UPDATED)
    assert event.ip_address == recorded
