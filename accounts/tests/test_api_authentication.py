"""REST API authentication: key/token pairs in the Authorization header, the browser
session with CSRF, and the throttling of failures."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.crypto import get_random_string
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.services import api_token_create, api_token_revoke

ME = "/api/v1/me/"


def token_client(header: str, address: str = "203.0.113.7") -> APIClient:
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=header)
    return client


@pytest.fixture
def pair(member):
    api_token, token = api_token_create(acting_user=member, name="sync script")
    return api_token, token


def header_of(pair) -> str:
    api_token, token = pair
    return f"Token {api_token.pk}:{token}"


def assert_refused(response, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]


def test_a_valid_pair_acts_as_its_user_and_records_its_use(member, pair):
    response = token_client(header_of(pair)).get(ME)

    assert response.status_code == 200
    assert response.json()["email"] == member.email
    assert ApiToken.objects.get(pk=pair[0].pk).last_used_at is not None


def test_without_credentials_the_answer_is_401_with_the_scheme(db):
    response = APIClient().get(ME)

    assert_refused(response, 401, "not_authenticated")
    assert response.headers["WWW-Authenticate"] == 'Token realm="api"'


@pytest.mark.parametrize(
    "make_header",
    [
        pytest.param(lambda api_token, token: f"Token {api_token.pk}:wrong", id="wrong token"),
        pytest.param(
            lambda api_token, token: f"Token 7d9f1d1e-9d5e-4a5e-8a44-9a1f5b3c0e11:{token}",
            id="unknown key",
        ),
        pytest.param(lambda api_token, token: f"Token not-a-key:{token}", id="key not a uuid"),
        pytest.param(lambda api_token, token: f"Token {api_token.pk}{token}", id="no colon"),
        pytest.param(lambda api_token, token: f"Token {api_token.pk}: {token}", id="two words"),
        pytest.param(lambda api_token, token: "Token", id="no credentials"),
    ],
)
def test_a_wrong_pair_is_refused_with_401(pair, make_header):
    response = token_client(make_header(*pair)).get(ME)

    assert_refused(response, 401, "authentication_failed")
    assert response.headers["WWW-Authenticate"] == 'Token realm="api"'


def test_a_revoked_pair_is_refused_with_401(member, pair):
    api_token_revoke(acting_user=member, api_token_id=pair[0].pk)

    assert_refused(token_client(header_of(pair)).get(ME), 401, "authentication_failed")


def test_an_expired_pair_is_refused_with_401(member, pair):
    ApiToken.objects.filter(pk=pair[0].pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    assert_refused(token_client(header_of(pair)).get(ME), 401, "authentication_failed")


def test_the_pair_of_a_deactivated_user_is_refused(member, pair):
    member.is_active = False
    member.save(update_fields=["is_active"])

    assert_refused(token_client(header_of(pair)).get(ME), 401, "authentication_failed")


def test_repeated_failures_from_one_address_are_throttled_with_429(settings, pair):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "api_auth_failures": "3/minute",
        },
    }
    attacker = token_client(f"Token {pair[0].pk}:guess", address="198.51.100.1")
    for _attempt in range(3):
        assert attacker.get(ME).status_code == 401

    response = attacker.get(ME)

    assert_refused(response, 429, "throttled")
    assert int(response.headers["Retry-After"]) > 0
    # While the address is blocked even the right pair is refused, so guessing can't go on...
    assert token_client(header_of(pair), address="198.51.100.1").get(ME).status_code == 429
    # ...but other addresses are not affected.
    assert token_client(header_of(pair), address="198.51.100.2").get(ME).status_code == 200


def test_successes_are_not_counted_as_failures(settings, pair):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "api_auth_failures": "2/minute",
        },
    }
    client = token_client(header_of(pair))

    assert all(client.get(ME).status_code == 200 for _request in range(5))


def test_x_forwarded_for_does_not_escape_the_failure_throttle(settings, pair):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "api_auth_failures": "2/minute",
        },
    }
    attacker = token_client(f"Token {pair[0].pk}:guess", address="198.51.100.1")
    for attempt in range(2):
        attacker.get(ME, HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}")

    assert attacker.get(ME, HTTP_X_FORWARDED_FOR="10.0.0.99").status_code == 429


def test_the_browser_session_works_and_its_writes_need_the_csrf_token(member):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(member)

    assert client.get(ME).status_code == 200
    refused = client.patch(ME, {"city": "Ghent"}, format="json")
    assert_refused(refused, 403, "permission_denied")
    assert "CSRF" in refused.json()["error"]["message"]

    # What a page of the site does: the CSRF cookie's secret, echoed in the header.
    secret = get_random_string(32)
    client.cookies["csrftoken"] = secret
    accepted = client.patch(ME, {"city": "Ghent"}, format="json", HTTP_X_CSRFTOKEN=secret)
    assert accepted.status_code == 200
    assert accepted.json()["city"] == "Ghent"


def test_the_health_check_needs_no_credentials(db):
    response = APIClient().get("/api/v1/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
