"""The Core API under cheap hostile bodies: each finding of the hardening issue, tried the
way it was found, through the real view. Every one is a 4xx in Luzmo's error shape that
names the place at fault and changes nothing; none is a 500. They run on SQLite and on
PostgreSQL (``make test-postgres``), whose refusals differ (NUL in text, integer range)."""

import json

import pytest
from django.test import Client

from common.bounds import MAX_DEPTH
from common.coreapi.find import MAX_FIND_CONDITIONS, MAX_FIND_DEPTH, MAX_PAGING
from organizations.tests.snapshots import database_snapshot
from orgsite.tests.coreapi_support import token_pair

RESOURCES_WITH_TEXT_FIELDS = [("user", "email"), ("group", "name"), ("authorization", "name")]


@pytest.fixture
def caller(owner, organization):
    key, token = token_pair(owner)
    return {"key": key, "token": token}


def send(resource: str, body) -> dict:
    """Posts the body (a dict, or raw text) and checks Luzmo's error shape."""
    raw = body if isinstance(body, (str, bytes)) else json.dumps(body)
    response = Client().post(f"/0.1.0/{resource}", raw, content_type="application/json")
    assert 400 <= response.status_code < 500, response.content
    assert response["Content-Type"] == "application/json"
    answer = response.json()
    assert answer["type"]["code"] == response.status_code
    assert isinstance(answer["message"], str) and answer["message"]
    return answer


@pytest.fixture
def unchanged(db):
    before = database_snapshot()
    yield
    assert database_snapshot() == before


def test_a_body_nested_100000_levels_deep(caller, unchanged):
    answer = send("user", '{"action": "get", "find": ' + "[" * 100_000 + "]" * 100_000 + "}")

    assert answer["message"] == f"The body is nested more than {MAX_DEPTH} levels deep."


def test_a_body_nested_just_past_the_bound_names_the_place(caller, unchanged):
    nested: object = []
    for _ in range(MAX_DEPTH):
        nested = [nested]

    answer = send("user", {"action": "create", **caller, "properties": {"name": nested}})

    # The body is level 1, properties 2, name's list 3: the first list too deep is 65.
    assert list(answer["validation"]) == ["properties.name" + ".0" * (MAX_DEPTH + 1 - 3)]


def nested_ors(levels: int) -> dict:
    where: dict = {"email": "x@acme.test"}
    for _ in range(levels):
        where = {"or": [where, {"name": "x"}]}
    return where


def test_a_where_of_hundreds_of_nested_ors(caller, unchanged):
    answer = send("user", {"action": "get", **caller, "find": {"where": nested_ors(300)}})

    assert answer["message"] == f"The body is nested more than {MAX_DEPTH} levels deep."


def test_a_where_nested_deeper_than_finds_go(caller, unchanged):
    answer = send(
        "user", {"action": "get", **caller, "find": {"where": nested_ors(MAX_FIND_DEPTH + 1)}}
    )

    assert answer["message"] == "The find is not valid; see validation."
    assert list(answer["validation"].values()) == [
        [f"Nest or and and groups at most {MAX_FIND_DEPTH} levels deep."]
    ]


def test_a_where_nested_to_the_bound_still_works(caller, owner):
    where: dict = {"email": owner.email}
    for _ in range(MAX_FIND_DEPTH):
        where = {"or": [where]}

    response = Client().post(
        "/0.1.0/user",
        {"action": "get", **caller, "find": {"where": where}},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert [row["email"] for row in response.json()["rows"]] == [owner.email]


def test_a_where_too_wide(caller, unchanged):
    where = {"or": [{"name": f"n{index}"} for index in range(MAX_FIND_CONDITIONS + 1)]}

    answer = send("group", {"action": "get", **caller, "find": {"where": where}})

    assert answer["validation"] == {
        "find.where.or": [f"A find may hold at most {MAX_FIND_CONDITIONS} conditions."]
    }


def test_an_in_list_longer_than_sqlite_takes(caller, unchanged):
    where = {"name": {"in": [f"n{index}" for index in range(40_000)]}}

    answer = send("group", {"action": "get", **caller, "find": {"where": where}})

    assert list(answer["validation"]) == ["find.where.name.in"]


@pytest.mark.parametrize("key", ["limit", "offset"])
@pytest.mark.parametrize("value", [10**30, 2**63, MAX_PAGING + 1, "1" * 30])
def test_limit_and_offset_out_of_range(caller, unchanged, key, value):
    answer = send("user", {"action": "get", **caller, "find": {key: value}})

    assert answer["type"]["code"] == 400
    assert list(answer["validation"]) in (["find." + key], [f"find.{key}"])


def test_limit_and_offset_at_the_bound(caller, owner):
    response = Client().post(
        "/0.1.0/user",
        {"action": "get", **caller, "find": {"limit": MAX_PAGING, "offset": MAX_PAGING}},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["rows"] == []


@pytest.mark.parametrize(("resource", "field"), RESOURCES_WITH_TEXT_FIELDS)
@pytest.mark.parametrize(
    "condition",
    [
        lambda value: value,
        lambda value: {"like": f"%{value}%"},
        lambda value: {"ilike": value},
        lambda value: {"in": ["a", value]},
        lambda value: {"ne": value},
    ],
    ids=["eq", "like", "ilike", "in", "ne"],
)
@pytest.mark.parametrize("character", ["\x00", "\x1b", "\ud800"], ids=["NUL", "ESC", "surrogate"])
def test_control_characters_in_a_where(caller, unchanged, resource, field, condition, character):
    where = {field: condition(f"a{character}b")}

    answer = send(resource, {"action": "get", **caller, "find": {"where": where}})

    assert answer["type"]["code"] == 400
    assert answer["message"].startswith("Text may not contain control characters")
    assert next(iter(answer["validation"])).startswith(f"find.where.{field}")


@pytest.mark.parametrize(
    "properties",
    [
        {"name": "Nul\x00l"},
        {"email": "nul\x00@acme.test", "name": "N", "password": "a long password 42"},
        {"name": {"en": "Lone \udc00 surrogate"}},
        {"city": 10**30},
    ],
)
@pytest.mark.parametrize("resource", ["user", "group", "organization", "securable", "plugin"])
def test_control_characters_and_huge_numbers_in_properties(caller, unchanged, resource, properties):
    for action, extra in (("create", {}), ("update", {"id": caller["key"]})):
        answer = send(resource, {"action": action, **caller, **extra, "properties": properties})

        assert answer["type"]["code"] == 400
        assert next(iter(answer["validation"])).startswith("properties.")


def test_control_characters_in_credentials_and_keys(caller, unchanged):
    answers = [
        send("user", {"action": "get", "key": caller["key"], "token": "\x00"}),
        send("user", {"action": "get", **caller, "find": {"where": {"na\x00me": "x"}}}),
        send("user", {"action": "get", **caller, "find": {"where": {"name": "\udbff"}}}),
    ]

    assert [answer["type"]["code"] for answer in answers] == [400, 400, 400]
    assert list(answers[1]["validation"]) == ["find.where.na\ufffdme"]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_numbers_json_does_not_have(caller, unchanged, constant):
    answer = send("user", f'{{"action": "get", "find": {{"limit": {constant}}}}}')

    assert answer["message"] == "The body must be a JSON object."


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "2020-02-30"]
)
def test_datetimes_outside_what_can_be_stored(caller, unchanged, moment):
    where = {"created_at": {"gt": moment}}

    answer = send("authorization", {"action": "get", **caller, "find": {"where": where}})

    assert list(answer["validation"]) == ["find.where.created_at.gt"]


def test_a_like_pattern_of_many_wildcards_answers_at_once(caller, owner):
    pattern = "%" * 500 + "a%" * 20 + "z"

    response = Client().post(
        "/0.1.0/user",
        {"action": "get", **caller, "find": {"where": {"name": {"like": pattern}}}},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_a_like_pattern_longer_than_any_field(caller, unchanged):
    where = {"name": {"like": "a" * 1001}}

    answer = send("user", {"action": "get", **caller, "find": {"where": where}})

    assert list(answer["validation"]) == ["find.where.name.like"]
