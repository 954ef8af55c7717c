"""The Core API's protocol (``orgsite.coreapi``): transport, credentials, error shapes and
the translation of ``find`` into queries.

The transport is exercised over HTTP against a live server, with the verbs the SDKs send
(the Python SDK's POST, the Node SDK's SEARCH, LINK, UNLINK, PATCH, DELETE); ``find`` both
through the Python SDK and, for its parsing rules, directly.
"""

import json
from http import HTTPStatus

import pytest
import requests
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from accounts.models import ApiToken
from common.coreapi.errors import CoreApiError
from common.coreapi.find import (
    Condition,
    Field,
    Group,
    like_regex,
    matches,
    parse_find,
    parse_where,
    to_q,
)
from organizations.coreapi.listings import USER_LISTING
from organizations.models import Membership
from organizations.roles import OrganizationRole
from organizations.services.team import team_create
from organizations.tests.factories import UserFactory, add_member
from orgsite.coreapi import dispatch
from orgsite.tests.coreapi_support import (  # noqa: F401 (live_server_settled: autouse)
    LIVE,
    live_server_settled,
    sdk_for,
    sdk_refusal,
    token_pair,
)

# --- find, parsed and translated (no server) ---

FIELDS = {
    "email": Field("email"),
    "id": Field("id", "uuid"),
    "city": Field("city", blank_is_null=True),
}


def test_where_forms_and_operators_parse_into_conditions():
    where = parse_where(
        {
            "email": {"$like": "%@acme.test", "ne": "x@acme.test"},
            "city": ["Gent", None],
            "or": [{"id": "00000000-0000-0000-0000-000000000001"}, {"city": None}],
        },
        FIELDS,
    )
    assert where.kind == "and"
    operators = [child.operator for child in where.children if isinstance(child, Condition)]
    assert operators == ["like", "ne", "in"]
    alternatives = where.children[-1]
    assert isinstance(alternatives, Group) and alternatives.kind == "or"


def test_conditions_become_one_q():
    query = to_q(parse_where({"email": "a@acme.test", "city": None}, FIELDS))
    assert query == Q(email="a@acme.test") & (Q(city="") | Q(city__isnull=True))
    assert to_q(parse_where({"or": []}, FIELDS)) == Q(pk__in=[])


@pytest.mark.parametrize(
    ("find", "place"),
    [
        ({"where": {"password": "x"}}, "find.where.password"),
        ({"where": {"id": "not-a-uuid"}}, "find.where.id"),
        ({"where": {"email": {"regexp": ".*"}}}, "find.where.email.regexp"),
        ({"where": {"email": {"gt": None}}}, "find.where.email.gt"),
        ({"where": {"email": {"in": "a"}}}, "find.where.email.in"),
        ({"where": {"email": {}}}, "find.where.email"),
        ({"where": {"created_at": {"gt": "yesterday"}}}, "find.where.created_at.gt"),
        ({"where": {"email": 42}}, "find.where.email"),
        ({"where": {"or": 3}}, "find.where.or"),
        ({"where": "email"}, "find.where"),
        ({"attributes": ["email", "password"]}, "find.attributes.1"),
        ({"attributes": "email"}, "find.attributes"),
        ({"order": [["password", "asc"]]}, "find.order.0"),
        ({"order": [["email", "sideways"]]}, "find.order.0"),
        ({"limit": -1}, "find.limit"),
        ({"offset": "ten"}, "find.offset"),
        ({"include": [{"model": "Invoice"}]}, "find.include.0.model"),
        (
            {"include": [{"model": "Organization", "where": {"secret": 1}}]},
            "find.include.0.where.secret",
        ),
        ({"include": [{"model": "Organization", "nest": []}]}, "find.include.0.nest"),
        ({"group": ["email"]}, "find.group"),
    ],
)
def test_a_bad_find_is_a_400_naming_the_place_at_fault(find, place):
    with pytest.raises(CoreApiError) as raised:
        parse_find(find, USER_LISTING)
    assert raised.value.status == 400
    assert list(raised.value.validation) == [place]


def test_like_patterns_are_anchored_and_escaped():
    assert like_regex("%@acme.test") == r"^.*@acme\.test$"
    assert like_regex("a_c") == "^a.c$"
    rows = [{"email": "Ann@Acme.test"}, {"email": "bob@globex.test"}]
    like = parse_where({"email": {"like": "%@acme.test"}}, FIELDS)
    ilike = parse_where({"email": {"ilike": "%@acme.test"}}, FIELDS)
    assert [matches(like, row) for row in rows] == [False, False]
    assert [matches(ilike, row) for row in rows] == [True, False]


# --- find, run by the Python SDK against the database ---


@LIVE
def test_the_sdk_reads_every_member_streamed_as_it_reads_them_whole(
    live_server, owner, organization, admin, member, viewer, settings
):
    client = sdk_for(live_server, owner)
    find = {"include": [{"model": "User"}], "attributes": ["id", "name"]}
    whole = client.get("organization", find)
    settings.CORE_API_STREAMED_INCLUDE_ROWS = 1

    streamed = client.get("organization", find)

    assert streamed == whole
    assert len(streamed["rows"][0]["users"]) == 4


@LIVE
def test_find_filters_orders_pages_and_counts_in_the_database(
    live_server, owner, organization, admin, member, viewer
):
    client = sdk_for(live_server, owner)
    Membership.objects.filter(user=viewer).update(role=OrganizationRole.VIEWER)
    viewer.city = "Gent"
    viewer.save(update_fields=["city"])

    everyone = client.get("user", {"order": [["created_at", "asc"]]})
    assert everyone["count"] == 4
    ids = [row["id"] for row in everyone["rows"]]
    assert ids[0] == str(owner.pk)

    page = client.get("user", {"order": [["created_at", "asc"]], "limit": 2, "offset": 1})
    assert page["count"] == 4
    assert [row["id"] for row in page["rows"]] == ids[1:3]
    assert client.get("user", {"where": {"id": {"in": ids[:2]}}})["count"] == 2
    assert client.get("user", {"where": {"id": {"notIn": ids[:2]}}})["count"] == 2
    assert client.get("user", {"where": {"id": ids[:3]}})["count"] == 3
    assert client.get("user", {"where": {"id": {"ne": ids[0]}}})["count"] == 3
    assert client.get("user", {"where": {"city": None}})["count"] == 3
    assert client.get("user", {"where": {"city": {"ne": None}}})["rows"][0]["id"] == str(viewer.pk)
    assert client.get("user", {"where": {"email": {"like": "OLIVIA%"}}})["count"] == 0
    assert client.get("user", {"where": {"email": {"ilike": "OLIVIA%"}}})["count"] == 1
    created = owner.created_at.isoformat()
    assert client.get("user", {"where": {"created_at": {"gt": created}}})["count"] == 3
    assert client.get("user", {"where": {"created_at": {"lte": created}}})["count"] == 1
    either = client.get("user", {"where": {"or": [{"id": str(admin.pk)}, {"city": "Gent"}]}})
    assert {row["id"] for row in either["rows"]} == {str(admin.pk), str(viewer.pk)}
    both = client.get("user", {"where": {"and": [{"email": {"like": "%"}}, {"city": "Gent"}]}})
    assert both["count"] == 1

    names = client.get("user", {"attributes": ["name"], "order": [["name", "desc"]]})
    assert names["rows"][0] == {"name": "Victor Viewer"}

    # An include with a where keeps only the rows that have a match, as in Sequelize.
    with_admins = client.get(
        "organization",
        {"include": [{"model": "User", "attributes": ["email"], "where": {"id": str(admin.pk)}}]},
    )
    assert with_admins["rows"][0]["users"] == [
        {
            "email": admin.email,
            "organizationRole": with_admins["rows"][0]["users"][0]["organizationRole"],
        }
    ]
    none_match = client.get(
        "organization", {"include": [{"model": "User", "where": {"email": "nobody@acme.test"}}]}
    )
    assert none_match == {"count": 0, "rows": []}
    kept = client.get(
        "organization",
        {"include": [{"model": "User", "where": {"email": "nobody@acme.test"}, "required": False}]},
    )
    assert kept["rows"][0]["users"] == []


@LIVE
def test_a_bad_find_answers_400_with_validation_never_500(live_server, owner, organization):
    client = sdk_for(live_server, owner)

    assert sdk_refusal(client.get, "user", {"where": {"password": "x"}}).startswith(
        "Bad Request: The find is not valid; see validation.\nfind.where.password: Unknown field"
    )
    for find in (
        {"where": {"id": "12"}},
        {"where": {"created_at": {"gt": 3}}},
        {"order": "nonsense"},
        {"attributes": ["token"]},
        {"include": [{"model": "Securable"}]},
        {"limit": "many"},
    ):
        assert sdk_refusal(client.get, "user", find).startswith("Bad Request: "), find


# --- Transport ---


def call(live_server, resource, body, *, method="POST", headers=None, data=None):
    return requests.request(
        method,
        f"{live_server.url}/0.1.0/{resource}",
        json=None if data is not None else body,
        data=data,
        headers=headers,
        timeout=30,
        allow_redirects=False,
    )


def assert_error(response, status, description, message_start=""):
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert body["type"] == {"code": status, "description": description}
    assert isinstance(body["message"], str)
    assert body["message"].startswith(message_start)
    return body


@LIVE
@pytest.mark.parametrize(
    ("method", "action"),
    [
        ("POST", "get"),
        ("SEARCH", "get"),
        ("GET", "get"),
        ("PUT", "get"),
        ("PATCH", "get"),
        ("DELETE", "get"),
        ("LINK", "get"),
        ("UNLINK", "get"),
    ],
)
def test_the_body_decides_whatever_the_verb(live_server, owner, organization, method, action):
    key, token = token_pair(owner)
    response = call(
        live_server,
        "organization",
        {"action": action, "key": key, "token": token, "version": "0.1.0", "find": None},
        method=method,
    )
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["count"] == 1


@LIVE
def test_method_override_headers_are_ignored(live_server, owner, organization):
    key, token = token_pair(owner)
    response = call(
        live_server,
        "organization",
        {"action": "get", "key": key, "token": token},
        headers={"X-HTTP-Method-Override": "DELETE"},
    )
    assert response.status_code == 200
    organization.refresh_from_db()


@LIVE
def test_link_and_unlink_verbs_associate_and_dissociate(live_server, owner, organization):
    key, token = token_pair(owner)
    body = {
        "key": key,
        "token": token,
        "id": str(organization.pk),
        "resource": {"role": "Countries", "id": "BE"},
    }
    linked = call(live_server, "organization", {**body, "action": "associate"}, method="LINK")
    assert (linked.status_code, linked.json()) == (200, {"code": 200})
    organization.refresh_from_db()
    assert organization.country.code == "BE"
    unlinked = call(live_server, "organization", {**body, "action": "dissociate"}, method="UNLINK")
    assert (unlinked.status_code, unlinked.json()) == (200, {"code": 200})
    organization.refresh_from_db()
    assert organization.country.code == ""


@LIVE
def test_credentials_are_required_and_checked(live_server, owner, organization):
    no_credentials = call(live_server, "organization", {"action": "get"})
    assert_error(no_credentials, 401, "Unauthorized", "Give the key and token")
    key, _token = token_pair(owner)
    wrong = call(live_server, "organization", {"action": "get", "key": key, "token": "guess"})
    assert_error(wrong, 401, "Unauthorized", "This key/token pair is not valid")
    not_a_key = call(live_server, "organization", {"action": "get", "key": "x", "token": "y"})
    assert_error(not_a_key, 401, "Unauthorized")
    # Credentials never come from a header.
    in_header = call(
        live_server,
        "organization",
        {"action": "get"},
        headers={"Authorization": f"Token {key}:{_token}"},
    )
    assert_error(in_header, 401, "Unauthorized")
    # A revoked pair stops working at once.
    ApiToken.objects.filter(pk=key).update(revoked_at="2020-01-01T00:00:00Z")
    revoked = call(live_server, "organization", {"action": "get", "key": key, "token": _token})
    assert_error(revoked, 401, "Unauthorized")


@LIVE
def test_repeated_failures_are_rate_limited(live_server, owner, organization, settings):
    settings.CORE_API_AUTH_FAILURES_PER_MINUTE = 3
    key, token = token_pair(owner)
    for _attempt in range(3):
        assert (
            call(live_server, "user", {"action": "get", "key": key, "token": "no"}).status_code
            == 401
        )
    throttled = call(live_server, "user", {"action": "get", "key": key, "token": token})
    assert_error(throttled, 429, "Too Many Requests", "Too many failed authentications")
    assert throttled.headers["Retry-After"] == "60"


@LIVE
def test_users_created_without_credentials_are_rate_limited(live_server, settings):
    settings.CORE_API_ANONYMOUS_CREATIONS_PER_HOUR = 2
    for number in range(2):
        body = {"action": "create", "properties": {"email": f"founder{number}@new.test"}}
        assert call(live_server, "user", body).status_code == 200
    body = {"action": "create", "properties": {"email": "founder3@new.test"}}
    throttled = call(live_server, "user", body)
    assert_error(throttled, 429, "Too Many Requests", "Too many users created without credentials")
    assert throttled.headers["Retry-After"] == "3600"


@LIVE
def test_the_python_sdk_sees_a_wrong_token_as_unauthorized(live_server, owner, organization):
    key, _token = token_pair(owner)
    client = sdk_for(live_server, key=key, token="wrong")
    assert sdk_refusal(client.get, "organization", {}) == (
        "Unauthorized: This key/token pair is not valid (unknown, revoked or expired)."
    )


@LIVE
def test_unknown_or_unsupported_actions_are_400(live_server, owner, organization):
    key, token = token_pair(owner)
    unknown = call(live_server, "organization", {"action": "explode", "key": key, "token": token})
    body = assert_error(unknown, 400, "Bad Request", "Unknown action “explode”")
    assert list(body["validation"]) == ["action"]
    missing = call(live_server, "organization", {"key": key, "token": token})
    assert_error(missing, 400, "Bad Request", "Unknown action")
    unsupported = call(
        live_server,
        "user",
        {
            "action": "associate",
            "key": key,
            "token": token,
            "id": str(owner.pk),
            "resource": {"role": "Plugins", "id": "x"},
        },
    )
    assert_error(unsupported, 400, "Bad Request", "A user can't be associated with plugin")
    bad_role = call(
        live_server,
        "user",
        {
            "action": "associate",
            "key": key,
            "token": token,
            "id": str(owner.pk),
            "resource": {"role": "Spaceships", "id": "x"},
        },
    )
    assert_error(bad_role, 400, "Bad Request", "Unknown association role")
    no_id = call(live_server, "group", {"action": "delete", "key": key, "token": token})
    assert_error(no_id, 400, "Bad Request", "Give the id of the group.")
    not_an_object = call(
        live_server, "organization", {"action": "get", "key": key, "token": token, "find": 3}
    )
    assert assert_error(not_an_object, 400, "Bad Request")["validation"] == {
        "find": ["Give an object here."]
    }


@LIVE
def test_bodies_that_are_not_json_objects_are_400(live_server, owner, organization):
    for data in (b"", b"not json", b"[1, 2]", b"\xff\xfe"):
        response = call(live_server, "organization", None, data=data)
        assert_error(response, 400, "Bad Request", "The body must be a JSON object.")


@LIVE
def test_too_large_bodies_are_refused(live_server, owner, organization):
    response = call(live_server, "thumbnail", None, data=b"x" * (4 * 1024 * 1024 + 1))
    # The reason phrase of 413 is Python's ("Content Too Large" since 3.13).
    assert_error(response, 413, HTTPStatus(413).phrase, "The body is larger than 4 MB.")


@LIVE
def test_unknown_resources_are_a_json_404(live_server, owner, organization):
    key, token = token_pair(owner)
    response = call(live_server, "dashboard", {"action": "get", "key": key, "token": token})
    assert_error(response, 404, "Not Found", "Unknown resource “dashboard”")


@LIVE
def test_other_methods_are_a_json_405(live_server):
    for method in ("OPTIONS", "HEAD", "TRACE"):
        response = call(live_server, "organization", None, method=method)
        assert response.status_code == 405
        assert "SEARCH" in response.headers["Allow"]
        if method != "HEAD":
            assert_error(response, 405, "Method Not Allowed")


@LIVE
def test_no_trailing_slash_and_no_redirect(live_server, owner, organization):
    key, token = token_pair(owner)
    body = {"action": "get", "key": key, "token": token}
    assert call(live_server, "organization", body).status_code == 200
    for path in ("organization/", "Organization", "organization/123", ""):
        response = requests.post(
            f"{live_server.url}/0.1.0/{path}", json=body, timeout=30, allow_redirects=False
        )
        assert_error(response, 404, "Not Found", f"Unknown resource “{path}”")


@LIVE
def test_an_unexpected_error_is_a_json_500_and_changes_nothing(
    live_server, owner, organization, monkeypatch
):
    def explode(self, context, find):
        raise RuntimeError("boom")

    monkeypatch.setattr(type(dispatch.RESOURCES["group"]), "get", explode)
    key, token = token_pair(owner)
    response = call(live_server, "group", {"action": "get", "key": key, "token": token})
    body = assert_error(response, 500, "Internal Server Error", "Something went wrong")
    assert "boom" not in response.text
    assert "validation" not in body


@LIVE
def test_a_failing_association_undoes_the_create(live_server, owner, organization):
    client = sdk_for(live_server, owner)
    refusal = sdk_refusal(
        client.create,
        "group",
        {"name": "Doomed"},
        [{"role": "Users", "id": "00000000-0000-0000-0000-000000000000"}],
    )
    assert refusal.startswith("Not Found: ")
    assert not organization.teams.filter(name="Doomed").exists()


@LIVE
def test_errors_speak_the_callers_language(live_server, owner, organization):
    owner.locale = "nl"
    owner.save(update_fields=["locale"])
    key, token = token_pair(owner)
    response = call(
        live_server,
        "user",
        {"action": "create", "key": key, "token": token, "properties": {"email": "x"}},
    )
    body = assert_error(response, 400, "Bad Request")
    assert body["message"] == "Vul een geldig e-mailadres in."
    assert body["validation"] == {"email": ["Vul een geldig e-mailadres in."]}


# --- Query counts (Django's test client: the queries run in this thread) ---


def _queries_of_a_get(client, key, token, resource, find):
    with CaptureQueriesContext(connection) as queries:
        response = client.generic(
            "SEARCH",
            f"/0.1.0/{resource}",
            json.dumps({"action": "get", "key": key, "token": token, "find": find}),
            content_type="application/json",
        )
    assert response.status_code == 200, response.content
    return len(queries), response.json()


@pytest.mark.parametrize(
    ("resource", "find"),
    [
        ("organization", {"include": [{"model": "User"}, {"model": "Group"}]}),
        ("user", {"include": [{"model": "Organization"}, {"model": "Group"}]}),
        ("group", {"include": [{"model": "User"}]}),
    ],
)
def test_a_get_runs_the_same_queries_whatever_the_number_of_rows(
    client, owner, organization, resource, find
):
    key, token = token_pair(owner)
    # The first use of a pair records when it was used: one more query, once a minute.
    _queries_of_a_get(client, key, token, resource, find)
    few, _answer = _queries_of_a_get(client, key, token, resource, find)
    for _number in range(10):
        add_member(organization, UserFactory())
    team_create(acting_user=owner, organization=organization, name="Analysts")
    many, answer = _queries_of_a_get(client, key, token, resource, find)
    assert many == few
    assert answer["count"] >= 1
