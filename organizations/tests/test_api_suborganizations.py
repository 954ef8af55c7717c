"""REST endpoints of embedding: suborganizations and end users, seen by the parent's owner
and admins (others 403, outsiders 404), and an end user's pairs revoked."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.models import EndUser
from organizations.services.embed import (
    embed_authorization_authenticate,
    embed_authorization_create,
)


def url(organization, suffix: str) -> str:
    return f"/api/v1/organizations/{organization.pk}/{suffix}"


@pytest.fixture
def embedded(owner, organization):
    """Two end users in "Customer Inc", one in "Other Ltd", each with a pair."""
    pairs = {}
    for username, suborganization in [
        ("carla", "Customer Inc"),
        ("chris", "Customer Inc"),
        ("olga", "Other Ltd"),
    ]:
        pairs[username] = embed_authorization_create(
            acting_user=owner,
            organization=organization,
            username=username,
            suborganization=suborganization,
        )
    return pairs


@pytest.mark.parametrize("suffix", ["suborganizations/", "end-users/"])
@pytest.mark.parametrize(
    ("role", "status"),
    [("owner", 200), ("admin", 200), ("member", 403), ("viewer", 403), ("outsider", 404)],
)
def test_owner_and_admins_only_others_403_outsiders_404(
    api_as, request, organization, embedded, suffix, role, status
):
    response = api_as(request.getfixturevalue(role)).get(url(organization, suffix))
    assert response.status_code == status
    if status != 200:
        assert set(response.json()["error"]) == {"code", "message", "fields"}


def test_the_admin_sees_the_suborganizations_and_their_end_users(
    api_as, admin, organization, embedded
):
    client = api_as(admin)

    suborganizations = client.get(url(organization, "suborganizations/")).json()["results"]
    assert [(row["name"], row["end_user_count"]) for row in suborganizations] == [
        ("Customer Inc", 2),
        ("Other Ltd", 1),
    ]
    end_users = client.get(url(organization, "end-users/")).json()["results"]
    assert [row["username"] for row in end_users] == ["carla", "chris", "olga"]
    assert end_users[0]["usable_authorization_count"] == 1
    assert end_users[0]["last_used_at"] is None
    customer = suborganizations[0]["id"]
    only = client.get(url(organization, f"end-users/?suborganization={customer}")).json()
    assert [row["username"] for row in only["results"]] == ["carla", "chris"]
    assert client.get(url(organization, "end-users/?suborganization=nope")).status_code == 404


def test_the_lists_run_a_fixed_number_of_queries(api_as, owner, organization, embedded):
    client = api_as(owner)
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(organization, "end-users/")).status_code == 200
        counts.append(len(queries))
        embed_authorization_create(
            acting_user=owner, organization=organization, username=f"more-{len(counts)}"
        )
    assert counts[0] == counts[1]


def test_revoking_an_end_users_pairs(api_as, owner, member, organization, outsider, embedded):
    authorization, token = embedded["carla"]
    carla = EndUser.objects.get(username="carla")
    path = url(organization, f"end-users/{carla.pk}/revoke/")

    assert api_as(member).post(path).status_code == 403
    assert api_as(outsider).post(path).status_code == 404
    foreign = url(outsider.active_organization, f"end-users/{carla.pk}/revoke/")
    assert api_as(outsider).post(foreign).status_code == 404
    assert embed_authorization_authenticate(key=str(authorization.pk), token=token) is not None

    response = api_as(owner).post(path)

    assert response.status_code == 200 and response.json() == {"revoked": 1}
    assert embed_authorization_authenticate(key=str(authorization.pk), token=token) is None
    other, other_token = embedded["chris"]
    assert embed_authorization_authenticate(key=str(other.pk), token=other_token) is not None
