"""Login brute-force protection (django-axes): per account and per client address, through
the trusted proxies only, with a page that says why, and an operator's unlock in the admin."""

import pytest
from axes.models import AccessAttempt
from django.test import Client

from organizations.tests.factories import UserFactory

PASSWORD = "correct horse battery"
LOGIN = "/login/"


@pytest.fixture(autouse=True)
def _three_failures_lock(settings):
    settings.AXES_FAILURE_LIMIT = 3


def log_in(email: str, password: str, address: str = "203.0.113.7", **headers):
    return Client(REMOTE_ADDR=address, **headers).post(
        LOGIN, {"username": email, "password": password}
    )


def logged_in(response) -> bool:
    return response.status_code == 302


def test_an_account_is_locked_after_repeated_failures_from_any_address(db):
    amy = UserFactory(email="amy@example.test")
    for number in range(2):
        assert log_in(amy.email, "wrong", address=f"198.51.100.{number}").status_code == 200
    # The third failure locks the account, and says so.
    assert log_in(amy.email, "wrong", address="198.51.100.2").status_code == 429

    # Even the right password, from a new address, is refused now...
    locked = log_in(amy.email, PASSWORD, address="198.51.100.50")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Too many failed logins" in page
    assert "paused for 15 minutes" in page
    assert int(locked["Retry-After"]) == 15 * 60
    # ...whatever the case of the address typed...
    assert log_in("AMY@Example.TEST", PASSWORD, address="198.51.100.51").status_code == 429
    # ...while the other accounts at those addresses log in as usual.
    bob = UserFactory(email="bob@example.test")
    assert logged_in(log_in(bob.email, PASSWORD, address="198.51.100.0"))


def test_an_address_is_locked_after_failures_on_several_accounts(db):
    victims = [UserFactory(email=f"user{number}@example.test") for number in range(3)]
    answers = [log_in(victim.email, "wrong", address="198.51.100.66") for victim in victims]
    assert [answer.status_code for answer in answers] == [200, 200, 429]

    someone = UserFactory(email="someone@example.test")
    assert log_in(someone.email, PASSWORD, address="198.51.100.66").status_code == 429
    # Each victim had one failure only: from their own address they log in.
    assert logged_in(log_in(victims[0].email, PASSWORD, address="198.51.100.1"))


def test_a_success_before_the_limit_starts_the_count_again(db):
    amy = UserFactory(email="amy@example.test")
    for _attempt in range(2):
        log_in(amy.email, "wrong")
    assert logged_in(log_in(amy.email, PASSWORD))
    for _attempt in range(2):
        log_in(amy.email, "wrong")

    assert logged_in(log_in(amy.email, PASSWORD))


def test_the_admin_login_is_protected_too(db):
    operator = UserFactory(email="op@example.test", is_staff=True, is_superuser=True)
    client = Client(REMOTE_ADDR="198.51.100.9")
    for _attempt in range(3):
        client.post("/admin/login/", {"username": operator.email, "password": "wrong"})

    response = client.post("/admin/login/", {"username": operator.email, "password": PASSWORD})

    assert response.status_code == 429


def test_an_operator_unlocks_an_account_in_the_admin(db):
    amy = UserFactory(email="amy@example.test")
    for _attempt in range(3):
        log_in(amy.email, "wrong", address="198.51.100.1")
    assert log_in(amy.email, PASSWORD, address="198.51.100.1").status_code == 429
    operator = UserFactory(email="op@example.test", is_staff=True, is_superuser=True)
    admin = Client()
    admin.force_login(operator)
    attempts = admin.get("/admin/axes/accessattempt/")
    assert attempts.status_code == 200
    assert "amy@example.test" in attempts.content.decode()

    response = admin.post(
        "/admin/axes/accessattempt/",
        {
            "action": "delete_selected",
            "_selected_action": [
                str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)
            ],
            "post": "yes",
        },
    )

    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert logged_in(log_in(amy.email, PASSWORD, address="198.51.100.1"))


@pytest.mark.parametrize(
    ("count", "other_client_locked"), [(0, True), (1, False)], ids=["spoofed", "trusted"]
)
def test_lockouts_read_the_address_through_trusted_proxies_only(
    settings, db, count, other_client_locked
):
    """Behind one proxy (REMOTE_ADDR is always the proxy): with the proxy trusted, one
    client's failures lock that client only; with none trusted, X-Forwarded-For is ignored,
    so a guesser can't escape the lock by forging it (and all clients share the proxy's)."""
    settings.TRUSTED_PROXY_COUNT = count
    proxy = "10.0.0.2"
    for number in range(3):
        user = UserFactory(email=f"user{number}@example.test")
        log_in(user.email, "wrong", address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.66")
    someone = UserFactory(email="someone@example.test")

    guesser = log_in(
        someone.email, PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.66"
    )
    other = log_in(someone.email, PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.10")

    assert guesser.status_code == 429
    assert (other.status_code == 429) is other_client_locked


def test_the_lockout_page_speaks_the_visitors_language(db):
    amy = UserFactory(email="amy@example.test")
    for _attempt in range(2):
        log_in(amy.email, "wrong")

    locked = log_in(amy.email, "wrong", HTTP_ACCEPT_LANGUAGE="fr")

    assert locked.status_code == 429
    assert "Trop d’échecs de connexion" in locked.content.decode()
    assert "suspendue pendant 15 minutes" in locked.content.decode()
