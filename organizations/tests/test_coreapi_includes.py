"""Core API ``get organization`` with ``include User`` on a large organization: the
included users are paged (``limit``/``offset`` per organization), built from dictionaries,
in a fixed number of queries."""

import json
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from common.coreapi.errors import CoreApiJSONEncoder
from organizations.coreapi.answers import organization_role_answer, user_answer
from organizations.models import Membership
from organizations.tests.factories import OrganizationFactory, UserFactory, add_member
from orgsite.tests.coreapi_support import token_pair


def get_organizations(client, user, find):
    key, token = token_pair(user)
    return client.post(
        "/0.1.0/organization",
        json.dumps({"action": "get", "version": "0.1.0", "key": key, "token": token, "find": find}),
        content_type="application/json",
    )


def user_emails(row):
    return [user["email"] for user in row["users"]]


@pytest.fixture
def crowd(organization):
    return [
        add_member(organization, UserFactory(name=f"Crowd {number:02}", email=f"c{number}@x.test"))
        for number in range(8)
    ]


def test_included_users_are_paged_in_name_order(client, owner, organization, crowd):
    everyone = list(
        Membership.objects.filter(organization=organization)
        .order_by("user__name", "user__email")
        .values_list("user__email", flat=True)
    )

    answer = get_organizations(
        client, owner, {"include": [{"model": "User", "limit": 3, "offset": 2}]}
    ).json()

    (row,) = answer["rows"]
    assert user_emails(row) == everyone[2:5]


def test_without_limit_every_user_is_included(client, owner, organization, crowd):
    answer = get_organizations(client, owner, {"include": [{"model": "User"}]}).json()

    assert (
        len(answer["rows"][0]["users"])
        == Membership.objects.filter(organization=organization).count()
    )


def test_limit_applies_to_each_organization(client, owner, organization, crowd):
    second = OrganizationFactory(owner=owner)
    for number in range(4):
        add_member(second, UserFactory(name=f"Second {number}"))

    answer = get_organizations(client, owner, {"include": [{"model": "User", "limit": 2}]}).json()

    assert answer["count"] == 2
    assert [len(row["users"]) for row in answer["rows"]] == [2, 2]
    for row in answer["rows"]:
        assert {user["organizationRole"]["organization_id"] for user in row["users"]} == {row["id"]}


@pytest.mark.parametrize("bad", [-1, "many", True, 1.5])
def test_a_bad_include_limit_is_a_400_naming_it(client, owner, organization, bad):
    response = get_organizations(client, owner, {"include": [{"model": "User", "limit": bad}]})

    assert response.status_code == 400
    assert "find.include.0.limit" in json.dumps(response.json())


def test_users_read_as_dictionaries_answer_exactly_as_the_model_answer(
    client, owner, organization, crowd
):
    answer = get_organizations(client, owner, {"include": [{"model": "User"}]}).json()
    membership = Membership.objects.select_related("user", "organization__plan").get(
        user=crowd[0], organization=organization
    )
    expected = json.loads(
        json.dumps(
            {
                **user_answer(membership.user, membership.organization.plan.code),
                "organizationRole": organization_role_answer(membership),
            },
            default=str,
        )
    )

    (answered,) = [u for u in answer["rows"][0]["users"] if u["email"] == crowd[0].email]
    assert set(answered) == set(expected) - {"updated_at"}  # not a default attribute
    for key in ("email", "name", "city", "country_id", "locale_id", "flag_plan", "id"):
        assert answered[key] == expected[key]
    role = answered["organizationRole"]
    for key in ("flagMember", "flagEditor", "flagAdmin", "flagOwn", "organization_id", "user_id"):
        assert role[key] == expected["organizationRole"][key]


@pytest.mark.parametrize("members", [5, 60])
def test_get_organization_with_users_runs_the_same_queries_at_any_size(
    client, owner, organization, members
):
    for _number in range(members - 1):
        add_member(organization, UserFactory())
    key, token = token_pair(owner)
    body = json.dumps(
        {
            "action": "get",
            "version": "0.1.0",
            "key": key,
            "token": token,
            "find": {"include": [{"model": "User", "limit": 50}]},
        }
    )

    with CaptureQueriesContext(connection) as queries:
        response = client.post("/0.1.0/organization", body, content_type="application/json")

    assert response.status_code == 200
    assert len(response.json()["rows"][0]["users"]) == min(members, 50)
    # Token with its user, its first use noted, the active organization (metering), the
    # caller's organizations (count, page), the page's users.
    assert len(queries) == 6


# --- every member, streamed past a size ---


def read_body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def whole_include(client, owner, find=None):
    find = find or {"include": [{"model": "User"}]}
    return get_organizations(client, owner, find)


@pytest.mark.parametrize(
    "find",
    [
        {"include": [{"model": "User"}]},
        {"include": [{"model": "User", "attributes": ["email"]}]},
        {"include": [{"model": "User", "attributes": []}]},
        {"include": [{"model": "User", "offset": 3}]},
        {"include": ["User", "Group"], "attributes": ["id", "name", "slug"]},
        {"include": [{"model": "User", "where": {"name": {"like": "Crowd%"}}}]},
    ],
)
def test_a_streamed_include_answers_exactly_the_bytes_of_a_whole_one(
    client, owner, organization, crowd, settings, find
):
    settings.CORE_API_STREAMED_INCLUDE_ROWS = 1000
    whole = get_organizations(client, owner, find)
    settings.CORE_API_STREAMED_INCLUDE_ROWS = 2
    streamed = get_organizations(client, owner, find)

    assert not whole.streaming
    assert streamed.streaming
    assert streamed.status_code == 200
    assert streamed["Content-Type"] == "application/json"
    assert read_body(streamed) == whole.content
    assert len(json.loads(whole.content)["rows"][0]["users"]) > 2


def test_a_streamed_include_keeps_the_name_order_across_pieces(
    client, owner, organization, crowd, settings, monkeypatch
):
    monkeypatch.setattr("common.coreapi.streaming.ROWS_PER_PIECE", 3)
    settings.CORE_API_STREAMED_INCLUDE_ROWS = 4
    everyone = list(
        Membership.objects.filter(organization=organization)
        .order_by("user__name", "user__email")
        .values_list("user__email", flat=True)
    )

    response = whole_include(client, owner)

    assert response.streaming
    (row,) = json.loads(read_body(response))["rows"]
    assert user_emails(row) == everyone


def test_a_bad_find_is_refused_before_anything_is_streamed(
    client, owner, organization, crowd, settings
):
    settings.CORE_API_STREAMED_INCLUDE_ROWS = 2

    response = whole_include(client, owner, {"include": [{"model": "User", "where": {"nope": 1}}]})

    assert not response.streaming
    assert response.status_code == 400
    assert "find.include.0.where.nope" in response.json()["validation"]


def test_members_timestamps_and_ids_are_written_as_the_encoder_writes_them(
    client, owner, organization
):
    """The database formats the members' timestamps and ids: to the millisecond, truncated,
    in UTC, whatever the microseconds (none, 999,999)."""
    moments = {
        "none": datetime(2021, 3, 4, 5, 6, 7, tzinfo=UTC),
        "almost": datetime(2021, 3, 4, 5, 6, 7, 999999, tzinfo=UTC),
        "few": datetime(1999, 12, 31, 23, 59, 59, 1000, tzinfo=UTC),
    }
    for name, moment in moments.items():
        user = UserFactory(name=f"Moment {name}")
        add_member(organization, user)
        User.objects.filter(pk=user.pk).update(created_at=moment)
        Membership.objects.filter(user=user).update(created_at=moment)
    encode = CoreApiJSONEncoder().default

    (row,) = whole_include(client, owner).json()["rows"]

    for name, moment in moments.items():
        (answered,) = [user for user in row["users"] if user["name"] == f"Moment {name}"]
        user = User.objects.get(name=f"Moment {name}")
        assert answered["created_at"] == encode(moment)
        assert answered["organizationRole"]["created_at"] == encode(moment)
        assert answered["id"] == answered["organizationRole"]["user_id"] == str(user.pk)
        assert answered["organizationRole"]["organization_id"] == str(organization.pk)


@pytest.mark.parametrize(("members", "streamed_past"), [(5, 1000), (30, 1000), (5, 10), (30, 10)])
def test_every_member_in_the_same_queries_at_any_size_streamed_or_not(
    client, owner, organization, members, streamed_past, settings
):
    settings.CORE_API_STREAMED_INCLUDE_ROWS = streamed_past
    for _number in range(members - 1):
        add_member(organization, UserFactory())
    key, token = token_pair(owner)
    body = json.dumps(
        {
            "action": "get",
            "version": "0.1.0",
            "key": key,
            "token": token,
            "find": {"include": [{"model": "User"}]},
        }
    )

    with CaptureQueriesContext(connection) as queries:
        response = client.post("/0.1.0/organization", body, content_type="application/json")
        content = read_body(response)

    assert response.streaming == (members > streamed_past)
    assert len(json.loads(content)["rows"][0]["users"]) == members
    # Token with its user, its first use noted, the active organization (metering), the
    # caller's organizations (count, page), every member.
    assert len(queries) == 6
