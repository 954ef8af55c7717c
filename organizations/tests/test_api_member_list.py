"""The REST member list on a large organization: rows read as dictionaries answer exactly
what the serializer answers, in name order kept in step with renames, at any page depth
in the same queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from accounts.services import user_profile_update
from organizations.models import Membership
from organizations.selectors.members import member_values, organization_members
from organizations.services.team import team_create, team_member_add
from organizations.tests.factories import UserFactory, add_member


def members_url(organization, **query):
    suffix = "&".join(f"{key}={value}" for key, value in query.items())
    return f"/api/v1/organizations/{organization.pk}/members/" + (f"?{suffix}" if suffix else "")


def test_each_listed_member_is_what_the_member_endpoint_answers(api_as, organization, owner):
    sales = team_create(acting_user=owner, organization=organization, name="Sales")
    for number in range(4):
        user = add_member(organization, UserFactory(name=f"Person {number}"))
        if number % 2:
            team_member_add(acting_user=owner, team=sales, user=user)
    client = api_as(owner)

    listed = client.get(members_url(organization)).json()["results"]

    for row in listed:
        assert row == client.get(members_url(organization).rstrip("/") + f"/{row['id']}/").json()


@pytest.mark.parametrize("rows", [12, 30])
def test_a_deep_page_runs_the_same_queries_as_the_first(api_as, organization, owner, rows):
    for number in range(rows - 1):
        add_member(organization, UserFactory(name=f"Member {number:03}"))
    client = api_as(owner)

    counts = []
    for page in (1, 3):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(members_url(organization, page=page, page_size=4))
        assert response.status_code == 200
        assert len(response.json()["results"]) == 4
        counts.append(len(queries))

    # Organization, count, the page (its keys read from the index first), its teams.
    assert counts == [4, 4]


def test_pages_follow_each_other_in_name_order(api_as, organization, owner):
    for number in range(9):
        add_member(organization, UserFactory(name=f"Member {number}"))
    client = api_as(owner)

    names = []
    for page in (1, 2, 3):
        names += [
            row["name"]
            for row in client.get(members_url(organization, page=page, page_size=4)).json()[
                "results"
            ]
        ]

    assert names == sorted(names)
    assert len(names) == len(set(names)) == organization.memberships.count()


def test_a_renamed_member_is_listed_by_their_new_name(api_as, organization, owner, member):
    user_profile_update(acting_user=member, name="Aaaron Early")

    first = api_as(owner).get(members_url(organization)).json()["results"][0]

    assert (first["id"], first["name"]) == (str(member.pk), "Aaaron Early")


# Search served by the trigram index, on PostgreSQL ----------------------------------------


@pytest.mark.postgresql
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: the trigram index (run `make test-postgres`)",
)
@pytest.mark.parametrize("order", ["name", "email", "role", "joined"])
def test_a_search_in_a_large_organization_reads_the_trigram_index(organization, order):
    """Without it, every search read all the organization's members (issue 11). It also
    checks that the index's expressions are exactly those of the search's SQL."""
    users = User.objects.bulk_create(
        User(email=f"crowd{number:04}@example.test", name=f"Crowd {number:04}")
        for number in range(3000)
    )
    Membership.objects.bulk_create(
        Membership(organization=organization, user=user, user_name=user.name, user_email=user.email)
        for user in users
    )
    add_member(organization, UserFactory(name="Abraham Lincoln"), role="member")
    with connection.cursor() as cursor:
        # What autovacuum does in production: new rows leave the GIN index's pending list,
        # and the planner has statistics of the table.
        cursor.execute("SELECT gin_clean_pending_list('membership_search_trgm')")
        cursor.execute("ANALYZE organizations_membership")
    members = member_values(organization_members(organization, search="braha", order=order))
    sql, params = members[:50].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "membership_search_trgm" in plan, plan
    assert [row["user_name"] for row in members[:50]] == ["Abraham Lincoln"]
