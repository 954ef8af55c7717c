"""The REST API under the hostile inputs of the hardening issue: every one a 4xx in its
one error shape, and an unexpected error a JSON 500 that hides what went wrong. And every
domain error maps to its status at both API doors."""

import logging

import pytest
from rest_framework.test import APIClient

from common import errors
from common.bounds import MAX_DEPTH
from common.coreapi.errors import from_domain_error
from common.rest.exceptions import api_exception_handler
from organizations.api import teams as organization_teams_api
from organizations.tests.snapshots import database_snapshot


@pytest.fixture
def client(admin) -> APIClient:
    client = APIClient()
    client.force_authenticate(admin)
    return client


@pytest.fixture
def unchanged(db):
    before = database_snapshot()
    yield
    assert database_snapshot() == before


def teams_url(organization) -> str:
    return f"/api/v1/organizations/{organization.pk}/teams/"


def send_raw(client: APIClient, organization, text: str):
    return client.post(
        teams_url(organization),
        text.encode("utf-8", "surrogatepass"),
        content_type="application/json",
    )


def error_of(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 100_000])
def test_a_body_nested_too_deep(client, organization, unchanged, depth):
    response = send_raw(client, organization, '{"name": ' + "[" * depth + "]" * depth + "}")

    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] in ("parse_error", "invalid")
    assert f"more than {MAX_DEPTH} levels" in str(error)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('{"name": "Nul\\u0000l"}', "name"),
        ('{"name": "Lone \\ud800 surrogate"}', "name"),
        ('{"name": "Team", "size": 100000000000000000000000000000}', "size"),
        ('{"name": "Team", "sizes": [1, -100000000000000000000000000000]}', "sizes.1"),
    ],
)
def test_text_and_numbers_the_database_refuses(client, organization, unchanged, text, field):
    response = send_raw(client, organization, text)

    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert list(error["fields"]) == [field]


@pytest.mark.parametrize(
    "contents", ['{"text": "a\\ud800b"}', '{"a\\udfff": 1}', '{"zoom": 10000000000000000000000}']
)
def test_dashboard_contents_the_database_refuses(client, organization, unchanged, contents):
    response = client.post(
        "/api/v1/securables/",
        f'{{"organization": "{organization.pk}", "type": "dashboard", '
        f'"name": {{"en": "Sales"}}, "contents": {contents}}}'.encode("utf-8", "surrogatepass"),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert list(error_of(response)["fields"]) in (["contents"], ["contents.zoom"])


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_numbers_json_does_not_have(client, organization, unchanged, constant):
    response = send_raw(client, organization, f'{{"name": "Team", "seats": {constant}}}')

    assert response.status_code == 400
    assert error_of(response)["code"] == "parse_error"


def test_a_nul_in_a_query_parameter(client, organization):
    response = client.get(f"/api/v1/organizations/{organization.pk}/members/?search=a%00b")

    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == ["search"]


@pytest.mark.parametrize("page", ["10000000000000000000000000000", "-1", "%00"])
def test_pages_out_of_range(client, organization, page):
    response = client.get(f"/api/v1/organizations/{organization.pk}/members/?page={page}")

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_an_unexpected_error_is_a_json_500_that_hides_it(client, organization, monkeypatch, caplog):
    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(organization_teams_api, "team_create", explode)

    with caplog.at_level(logging.ERROR, logger="common.rest.exceptions"):
        response = client.post(teams_url(organization), {"name": "New"}, format="json")

    assert response.status_code == 500
    assert error_of(response) == {
        "code": "server_error",
        "message": "Something went wrong on our side; nothing was changed. Try again later.",
        "fields": {},
    }
    assert "secret internals" not in response.content.decode()
    # The operators see it, with its traceback.
    assert any(
        record.exc_info and "secret internals" in str(record.exc_info[1])
        for record in caplog.records
    )


@pytest.mark.parametrize("kind", errors.DomainError.__subclasses__())
def test_every_domain_error_maps_to_its_status_at_both_api_doors(kind):
    error = kind("Refused.", field="name")

    rest = api_exception_handler(error, {})
    core = from_domain_error(error, {})

    assert rest.status_code == core.status == kind.status_code
    assert 400 <= kind.status_code < 500
    assert rest.data["error"]["fields"] == {"name": ["Refused."]}
    assert core.validation == {"name": ["Refused."]}
