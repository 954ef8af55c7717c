"""The caller's endpoints: profile, active organization, API tokens."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.services import api_token_create, api_token_revoke
from common.hashing import token_hash
from organizations.tests.factories import OrganizationFactory

ME = "/api/v1/me/"
TOKENS = "/api/v1/tokens/"


def error_of(response) -> dict:
    return response.json()["error"]


def test_me_shows_the_profile_with_effective_language_and_country(api_as, member, organization):
    organization.country = "BE"
    organization.locale = "nl"
    organization.save()

    body = api_as(member).get(ME).json()

    assert body["email"] == member.email
    assert body["active_organization"] == str(organization.pk)
    assert body["locale"] == ""
    assert body["effective_locale"] == "nl"
    assert body["effective_country"] == "BE"


def test_me_stores_any_catalogue_locale_and_refuses_an_unknown_one(api_as, member):
    response = api_as(member).patch(ME, {"locale": "de"})

    assert response.status_code == 200
    body = api_as(member).get(ME).json()
    assert (body["locale"], body["effective_locale"]) == ("de", "en")
    response = api_as(member).patch(ME, {"locale": "xx"})
    assert response.status_code == 400
    assert "locale" in error_of(response)["fields"]
    member.refresh_from_db()
    assert member.locale == "de"


def test_patching_me_changes_only_the_fields_given(api_as, member):
    member.city = "Ghent"
    member.save()

    response = api_as(member).patch(ME, {"country": "fr", "locale": "fr"})

    assert response.status_code == 200
    member.refresh_from_db()
    assert (member.name, member.city, member.country.code, member.locale) == (
        "Mia Member",
        "Ghent",
        "FR",
        "fr",
    )


def test_patching_me_with_an_unknown_country_names_the_field(api_as, member):
    response = api_as(member).patch(ME, {"country": "XX"})

    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == ["country"]
    assert error_of(response)["code"] == "invalid"


def test_patching_me_with_an_empty_name_is_refused_by_the_service(api_as, member):
    response = api_as(member).patch(ME, {"name": "  "})

    assert response.status_code == 400
    assert error_of(response)["fields"] == {"name": ["Enter your name."]}


def test_switching_the_active_organization(api_as, member, owner):
    second = OrganizationFactory(owner=member, name={"en": "Second"})
    OrganizationFactory(owner=owner)  # makes no difference to the member
    client = api_as(member)

    response = client.post(f"{ME}active-organization/", {"organization": str(second.pk)})

    assert response.status_code == 200
    assert response.json()["active_organization"] == str(second.pk)
    member.refresh_from_db()
    assert member.active_organization_id == second.pk


def test_switching_to_an_organization_one_is_not_in_answers_404(api_as, member, other_organization):
    response = api_as(member).post(
        f"{ME}active-organization/", {"organization": str(other_organization.pk)}
    )

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_creating_a_token_shows_it_once_and_it_authenticates(api_as, member):
    response = api_as(member).post(TOKENS, {"name": "nightly sync"})

    assert response.status_code == 201
    body = response.json()
    assert body["authorization"] == f"Token {body['key']}:{body['token']}"
    assert ApiToken.objects.get(pk=body["key"]).token_hash == token_hash(body["token"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=body["authorization"])
    assert client.get(ME).json()["email"] == member.email


def test_creating_a_token_with_a_past_expiry_is_refused(api_as, member):
    past = (timezone.now() - timedelta(days=1)).isoformat()

    response = api_as(member).post(TOKENS, {"name": "old", "expires_at": past})

    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == ["expires_at"]


def test_creating_a_token_without_a_name_is_refused(api_as, member):
    response = api_as(member).post(TOKENS, {})

    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == ["name"]


def test_the_token_list_shows_own_usable_pairs_and_never_a_token(api_as, member, admin):
    mine, _token = api_token_create(acting_user=member, name="mine")
    revoked, _token = api_token_create(acting_user=member, name="revoked")
    api_token_revoke(acting_user=member, api_token_id=revoked.pk)
    api_token_create(acting_user=admin, name="someone else's")

    body = api_as(member).get(TOKENS).json()

    assert body["count"] == 1
    assert body["results"][0]["key"] == str(mine.pk)
    assert set(body["results"][0]) == {"key", "name", "created_at", "last_used_at", "expires_at"}


def test_revoking_a_token(api_as, member):
    api_token, _token = api_token_create(acting_user=member, name="mine")

    response = api_as(member).delete(f"{TOKENS}{api_token.pk}/")

    assert response.status_code == 204
    assert ApiToken.objects.get(pk=api_token.pk).revoked_at is not None


@pytest.mark.parametrize("whose", ["someone else's", "unknown"])
def test_revoking_a_token_that_is_not_ones_own_answers_404(api_as, member, admin, whose):
    api_token, _token = api_token_create(acting_user=admin, name="admin's")
    key = api_token.pk if whose == "someone else's" else "7d9f1d1e-9d5e-4a5e-8a44-9a1f5b3c0e11"

    response = api_as(member).delete(f"{TOKENS}{key}/")

    assert response.status_code == 404
    assert ApiToken.objects.get(pk=api_token.pk).revoked_at is None
