"""Property-based tests of the Core API's body reader and ``find`` translator, through the
real view (``/0.1.0/<resource>`` with Django's test client), for every resource.

Each generated body is either hostile (one fault somewhere in an otherwise plausible call:
malformed or non-object JSON, nesting past any bound, a control character or an unpaired
surrogate in any text or key, an integer beyond 64 bits, a wrong type, wrong credentials, a
find that breaks a rule of the whitelist or of the bounds) or a plausible find with odd
values (Unicode of every kind, huge numbers in range, dates at the edges, nested groups),
sent with valid credentials. Whatever it is, the answer is never a 5xx; a refusal is in
Luzmo's error shape; and nothing in the database changes. Hostile bodies are always
refused.
"""

import json
import os
import uuid

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.coreapi import AUTHORIZATION_LISTING
from common.bounds import MAX_DEPTH
from common.coreapi.body import ACTIONS
from common.coreapi.find import (
    BOOLEAN,
    DATETIME,
    INTEGER,
    MAX_FIND_CONDITIONS,
    MAX_FIND_DEPTH,
    OPERATORS,
    TEXT,
    UUID,
)
from organizations.coreapi.listings import (
    COUNTRY_LISTING,
    GROUP_LISTING,
    LOCALE_LISTING,
    ORGANIZATION_LISTING,
    SECURABLE_LISTING,
    THUMBNAIL_LISTING,
    USER_LISTING,
)
from organizations.tests.snapshots import database_snapshot
from orgsite.coreapi.dispatch import RESOURCES
from orgsite.tests.coreapi_support import token_pair
from plugins.coreapi import PLUGIN_LISTING

LISTINGS = {
    "organization": ORGANIZATION_LISTING,
    "user": USER_LISTING,
    "group": GROUP_LISTING,
    "securable": SECURABLE_LISTING,
    "thumbnail": THUMBNAIL_LISTING,
    "locale": LOCALE_LISTING,
    "country": COUNTRY_LISTING,
    "authorization": AUTHORIZATION_LISTING,
    "plugin": PLUGIN_LISTING,
}
CASES_PER_RESOURCE = int(os.environ.get("CORE_API_CASES", 1000))
# Stands for a value that the body's text gets in place of it (nesting too deep to build
# as a Python value and serialize).
DEEP = "\ue000deep\ue000"

FORBIDDEN = ["\x00", "\x01", "\x08", "\x0b", "\x1b", "\x1f", "\x7f", "\ud800", "\udbff", "\udfff"]
ODD = ["\u202e", "\ufeff", "\u200b", "\u0301", "\U0001f600", "\U0010ffff", "\ufffd", "%", "_"]

# Text a person may write, odd Unicode included (accents, right-to-left, emoji, the last
# code point, LIKE's wildcards, quotes), but nothing the bounds refuse. A fixed alphabet:
# drawing from all of Unicode costs more than the request does.
ALPHABET = sorted(set("az AZ09@.-'\"\\/{}[]:,\t\n\r<>&;éßøØİıﬁ€中文한국어עברית" + "".join(ODD)))
texts = st.text(alphabet=st.sampled_from(ALPHABET), max_size=12)
forbidden_texts = st.builds(
    lambda before, character, after: before + character + after,
    texts,
    st.sampled_from(FORBIDDEN),
    texts,
)
in_range_integers = st.integers(-(2**63), 2**63 - 1) | st.integers(-3, 3)
huge_integers = st.integers(2**63, 10**40) | st.integers(-(10**40), -(2**63) - 1)
scalars = st.none() | st.booleans() | in_range_integers | st.floats(allow_nan=False) | texts
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(texts, children, max_size=3),
    max_leaves=3,
)
moments = st.sampled_from(
    [
        "2020-01-01T11:11:27.370Z",
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
        "9999-12-31T23:59:59Z",
        "2020-02-30",
        "2020-01-01",
        "24:00",
        "",
    ]
) | st.datetimes().map(lambda moment: moment.isoformat())
ids = st.uuids().map(str) | texts


def value_of_kind(kind: str):
    return {
        TEXT: texts,
        UUID: ids,
        DATETIME: moments,
        INTEGER: in_range_integers,
        BOOLEAN: st.booleans(),
    }[kind]


def conditions_of(fields):
    """One condition on one of the listing's real fields, with any operator."""

    def condition(name):
        kind_values = value_of_kind(fields[name].kind)
        any_value = kind_values | scalars
        value = st.one_of(
            any_value,
            st.lists(any_value, max_size=4),
            st.dictionaries(
                st.sampled_from([*OPERATORS, *(f"${operator}" for operator in OPERATORS)]),
                any_value | st.lists(any_value, max_size=3),
                min_size=1,
                max_size=2,
            ),
        )
        return value.map(lambda operand: {name: operand})

    return st.one_of([condition(name) for name in sorted(fields)])


def where_of(fields):
    """A where over the listing's real fields, with every operator, and nested groups."""
    return st.recursive(
        conditions_of(fields),
        lambda children: (
            st.builds(
                lambda kind, items: {kind: items},
                st.sampled_from(["or", "and", "$or", "$and"]),
                st.lists(children, max_size=3),
            )
            | st.lists(children, min_size=2, max_size=3).map(
                lambda parts: {key: value for part in parts for key, value in part.items()}
            )
        ),
        max_leaves=6,
    )


def plausible_find(listing):
    return st.fixed_dictionaries(
        {},
        optional={
            "where": where_of(listing.fields),
            "attributes": st.lists(st.sampled_from(listing.attributes), max_size=3),
            "order": st.lists(
                st.tuples(
                    st.sampled_from(sorted(listing.fields)), st.sampled_from(["asc", "DESC"])
                ).map(list),
                max_size=2,
            ),
            "limit": st.integers(0, 2**31 - 1) | st.none(),
            "offset": st.integers(0, 2**31 - 1) | st.none(),
            "include": st.lists(
                st.sampled_from([include.model for include in listing.includes] or ["User"]),
                max_size=2,
            ),
        },
    )


def bad_find(listing):
    """A find that breaks exactly one rule: the whitelist, a kind, or a bound."""
    name = sorted(listing.fields)[0]
    nested: dict = {name: None}
    for _ in range(MAX_FIND_DEPTH + 1):
        nested = {"or": [nested]}
    return st.one_of(
        st.builds(lambda key: {"where": {f"no_such_{key}": 1}}, st.integers(0, 9)),
        st.builds(lambda op: {"where": {name: {f"op{op}": 1}}}, st.integers(0, 9)),
        st.just({"where": {name: {"gt": None}}}),
        st.just({"where": nested}),
        st.just({"where": {"or": [{name: None}] * (MAX_FIND_CONDITIONS + 1)}}),
        st.builds(lambda number: {"limit": number}, huge_integers.filter(lambda n: n > 0)),
        st.builds(lambda number: {"offset": number}, st.integers(2**31, 2**63 - 1)),
        st.builds(lambda number: {"limit": number}, st.integers(max_value=-1)),
        st.just({"limit": "10000000000000000000000000000000"}),
        st.just({"order": [[name, "sideways"]]}),
        st.just({"include": [{"model": "NoSuchModel"}]}),
        st.just({"attributes": ["no_such_attribute"]}),
        st.just({"unknown_key": 1}),
        st.builds(lambda where: {"where": where}, st.integers() | st.text(min_size=1)),
    )


# Built once: building strategies is what costs most in a draw.
PLAUSIBLE_FINDS = {resource: plausible_find(listing) for resource, listing in LISTINGS.items()}
BAD_FINDS = {resource: bad_find(listing) for resource, listing in LISTINGS.items()}
PROPERTIES = st.dictionaries(texts, json_values, max_size=3)
# What a hostile body holds besides its fault: a plain call (its fault decides the answer,
# so a simpler find than the plausible ones, which cost more to draw than to send).
CALLS = {
    resource: st.fixed_dictionaries(
        {"action": st.sampled_from(ACTIONS)},
        optional={
            "find": st.fixed_dictionaries({}, optional={"where": conditions_of(listing.fields)}),
            "properties": PROPERTIES,
            "id": ids,
        },
    )
    for resource, listing in LISTINGS.items()
}


@st.composite
def hostile_body(draw, resource: str, credentials: dict):
    """(raw body, what it does wrong)."""
    body: dict = {**draw(CALLS[resource]), **credentials}
    fault = draw(
        st.sampled_from(
            [
                "not json",
                "not an object",
                "nan",
                "deep",
                "forbidden text",
                "forbidden key",
                "huge number",
                "wrong type",
                "unknown action",
                "wrong credentials",
                "bad find",
            ]
        )
    )
    if fault == "wrong credentials":
        body["key"] = draw(st.uuids().map(str))
        body["token"] = draw(st.text(min_size=1, max_size=40).filter(lambda text: text.strip()))
    elif fault == "unknown action":
        body["action"] = draw(json_values.filter(lambda value: value not in ACTIONS))
    elif fault == "wrong type":
        key = draw(st.sampled_from(["find", "properties", "id", "associations"]))
        body[key] = draw(
            {
                "find": st.integers() | st.text(min_size=1) | st.booleans(),
                "properties": st.integers() | st.text(min_size=1) | st.booleans(),
                "id": st.dictionaries(texts, scalars, min_size=1) | st.lists(scalars, min_size=1),
                "associations": st.integers() | st.text(min_size=1) | st.booleans(),
            }[key]
        )
    elif fault == "bad find":
        body["action"] = "get"
        body["find"] = draw(BAD_FINDS[resource])
    elif fault in ("forbidden text", "forbidden key", "huge number", "deep"):
        poison = {
            "forbidden text": forbidden_texts,
            "huge number": huge_integers,
            "deep": st.just(DEEP),
            "forbidden key": st.just(None),
        }[fault]
        place = _draw_place(draw, body)
        if fault == "forbidden key":
            place[draw(forbidden_texts)] = draw(scalars)
        else:
            place[draw(texts)] = draw(poison)
    text = json.dumps(body)
    if fault == "deep":
        depth = draw(st.integers(MAX_DEPTH, 200_000))
        opening, closing = draw(st.sampled_from([("[", "]"), ('{"a":', "}")]))
        text = text.replace(json.dumps(DEEP), opening * depth + "1" + closing * depth)
    elif fault == "not json":
        text = text[: draw(st.integers(0, len(text) - 1))] + draw(
            st.sampled_from(["", "{", ",", "'", "\\", "\udc80"])
        )
    elif fault == "not an object":
        text = json.dumps(draw(st.lists(json_values) | scalars))
    elif fault == "nan":
        text = text[:-1] + ', "limit": ' + draw(st.sampled_from(["NaN", "Infinity", "-Infinity"]))
        text += "}"
    raw = text.encode("utf-8", "surrogatepass")
    if fault == "not json" and draw(st.booleans()):
        raw += b"\xff\xfe"  # not UTF-8 either
    return raw, fault


def _draw_place(draw, body: dict) -> dict:
    """An object somewhere in the body (the body itself, find, properties or deeper) to
    put the poison in."""
    places = [body]
    pending = [body]
    while pending:
        value = pending.pop()
        for item in value.values() if isinstance(value, dict) else value:
            if isinstance(item, dict):
                places.append(item)
            if isinstance(item, (dict, list)):
                pending.append(item)
    return draw(st.sampled_from(places))


@pytest.fixture
def credentials(owner, organization, member, viewer):
    key, token = token_pair(owner)
    return {"key": key, "token": token}


def post(client: Client, resource: str, raw: bytes):
    # Failed credentials and anonymous creations count towards rate limits kept in the
    # cache: each body is judged on its own.
    cache.clear()
    return client.post(f"/0.1.0/{resource}", raw, content_type="application/json")


def assert_luzmo_error(response) -> dict:
    assert response["Content-Type"] == "application/json"
    answer = response.json()
    assert set(answer) <= {"type", "message", "validation"}
    assert answer["type"]["code"] == response.status_code
    assert isinstance(answer["type"]["description"], str)
    assert isinstance(answer["message"], str) and answer["message"]
    for place, messages in answer.get("validation", {}).items():
        assert isinstance(place, str)
        assert messages and all(isinstance(message, str) for message in messages)
    return answer


PROPERTY_SETTINGS = settings(
    max_examples=CASES_PER_RESOURCE,
    deadline=None,
    # One database state for all the examples of a test: nothing may change it anyway.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@pytest.mark.parametrize("resource", sorted(RESOURCES))
def test_no_body_makes_a_resource_answer_5xx_or_change_anything(credentials, resource):
    assert sorted(LISTINGS) == sorted(RESOURCES)
    client = Client()
    before = database_snapshot()
    seen: dict[str, int] = {}
    # Mostly hostile bodies (most are refused before any query, so they are cheap), one in
    # eight a plausible find run against the database (one_of would draw it as often as
    # the rest together).
    hostile = hostile_body(resource, credentials)
    plausible = PLAUSIBLE_FINDS[resource].map(
        lambda find: (json.dumps({"action": "get", **credentials, "find": find}).encode(), None)
    )
    cases = st.integers(0, 7).flatmap(lambda number: plausible if number == 0 else hostile)

    @PROPERTY_SETTINGS
    @given(case=cases)
    def check(case):
        raw, fault = case
        response = post(client, resource, raw)
        seen[fault or "plausible find"] = seen.get(fault or "plausible find", 0) + 1
        assert response.status_code < 500, (raw[:500], response.content[:500])
        if fault is not None:
            assert 400 <= response.status_code < 500, (fault, raw[:500], response.content)
        if response.status_code >= 400:
            assert_luzmo_error(response)
        else:
            answer = response.json()
            assert set(answer) == {"count", "rows"}

    check()

    assert database_snapshot() == before
    # Every kind of fault was tried, and the plausible finds too.
    assert len(seen) == 12, seen
    assert sum(seen.values()) >= CASES_PER_RESOURCE


def test_the_deep_marker_is_no_text_a_body_could_hold():
    # The marker of a too-deep value is replaced in the serialized body; a private-use
    # character keeps it from colliding with generated text.
    assert DEEP not in json.dumps({"a": str(uuid.uuid4())})
