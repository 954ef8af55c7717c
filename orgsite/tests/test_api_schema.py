"""The OpenAPI description of the REST API, its interactive docs and the one error shape."""

import re

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from common.errors import InvalidInput, NotFound, PermissionDenied
from common.rest.exceptions import api_exception_handler

SCHEMA = "/api/v1/schema/?format=json"


@pytest.fixture
def schema(db):
    response = APIClient().get(SCHEMA)
    assert response.status_code == 200
    return response.json()


def test_the_schema_validates_without_a_warning(tmp_path):
    # --fail-on-warn makes any warning of drf-spectacular an error (SystemExit).
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )

    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3")


def test_the_token_scheme_is_documented(schema):
    scheme = schema["components"]["securitySchemes"]["apiToken"]

    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    assert "Token <key>:<token>" in scheme["description"]


def test_every_operation_documents_its_errors_with_the_one_shape(schema):
    error = {"$ref": "#/components/schemas/Error"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            if path.endswith("/health/"):
                assert set(responses) == {"200"}
                continue
            assert {"401", "429"} <= set(responses), (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            if "requestBody" in operation:
                assert "400" in responses, (method, path)
            for status, response in responses.items():
                if status.startswith(("4", "5")):
                    assert response["content"]["application/json"]["schema"] == error


def test_the_error_shape_is_a_component(schema):
    error = schema["components"]["schemas"]["Error"]
    body = schema["components"]["schemas"]["ErrorBody"]

    assert error["properties"]["error"] == {"$ref": "#/components/schemas/ErrorBody"}
    assert set(body["properties"]) == {"code", "message", "fields"}


def test_the_docs_page_serves_its_assets_locally(db):
    response = APIClient().get("/api/v1/docs/")

    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any("swagger-ui" in source for source in sources)
    assert not [source for source in sources if source.startswith(("http:", "https:", "//"))]


@pytest.mark.parametrize(
    ("error", "status", "body"),
    [
        (
            InvalidInput("Bad e-mail.", field="email"),
            400,
            {"code": "invalid", "message": "Bad e-mail.", "fields": {"email": ["Bad e-mail."]}},
        ),
        (
            InvalidInput("Seats full."),
            400,
            {"code": "invalid", "message": "Seats full.", "fields": {}},
        ),
        (
            PermissionDenied("Not allowed."),
            403,
            {"code": "permission_denied", "message": "Not allowed.", "fields": {}},
        ),
        (NotFound("Gone."), 404, {"code": "not_found", "message": "Gone.", "fields": {}}),
    ],
)
def test_domain_errors_map_to_their_status_and_the_shape(error, status, body):
    response = api_exception_handler(error, {})

    assert response.status_code == status
    assert response.data == {"error": body}


def test_nested_field_errors_get_dotted_paths(api_as, owner, organization):
    response = api_as(owner).post(
        f"/api/v1/organizations/{organization.pk}/invitations/",
        {"email": "x@y.test", "teams": ["nope"], "role": 3},
    )

    fields = response.json()["error"]["fields"]
    assert set(fields) == {"teams.0", "role"}
    assert all(isinstance(message, str) for messages in fields.values() for message in messages)


def test_the_securables_list_is_documented_without_a_count(schema):
    ok = schema["paths"]["/api/v1/securables/"]["get"]["responses"]["200"]
    page = schema["components"]["schemas"][
        ok["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    ]

    assert set(page["properties"]) == {"next", "previous", "results"}
    assert "follow `next`" in page["description"]
    members = schema["paths"]["/api/v1/organizations/{organization_id}/members/"]["get"]
    counted = members["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert "count" in schema["components"]["schemas"][counted.rsplit("/", 1)[1]]["properties"]


def test_an_unknown_page_answers_404_in_the_shape(api_as, owner):
    response = api_as(owner).get("/api/v1/organizations/?page=99")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_malformed_body_answers_400_in_the_shape(api_as, owner):
    response = api_as(owner).generic(
        "POST", "/api/v1/tokens/", "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"
