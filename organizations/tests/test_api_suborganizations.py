"""REST endpoints of embedding: suborganizations and end users, seen by the parent's owner
and admins (others 403, outsiders 404), and an end user's pairs revoked."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.services import api_token_create
from organizations.models import EndUser
from organizations.roles import AccessLevel
from organizations.services.embed import (
    AccessRequest,
    embed_authorization_authenticate,
    embed_authorization_create,
    end_user_revoke_authorizations,
)
from organizations.services.securable import securable_create


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


# --- REST reads with an embed pair ---


def embed_client(authorization, token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {authorization.pk}:{token}")
    return client


def test_an_embed_pair_reads_exactly_its_securables_over_rest(owner, organization):
    sales, costs = (
        securable_create(
            acting_user=owner, organization=organization, type="dashboard", name={"en": name}
        )
        for name in ("Sales", "Costs")
    )
    authorization, token = embed_authorization_create(
        acting_user=owner,
        organization=organization,
        username="carla",
        access=[
            AccessRequest(
                securable_id=sales.pk, type="dashboard", level=AccessLevel.READ, field="access"
            )
        ],
    )
    client = embed_client(authorization, token)

    listed = client.get("/api/v1/embed/securables/")
    assert listed.status_code == 200
    assert [(row["id"], row["access_level"]) for row in listed.json()["results"]] == [
        (str(sales.pk), "read")
    ]
    assert client.get(f"/api/v1/embed/securables/{sales.pk}/").status_code == 200
    assert client.get(f"/api/v1/embed/securables/{costs.pk}/").status_code == 404
    # Nothing else: the rest of the API doesn't know embed pairs.
    for path in ("/api/v1/organizations/", "/api/v1/me/", f"/api/v1/securables/{sales.pk}/"):
        assert client.get(path).status_code == 401, path
    # An API pair is no embed pair.
    api_token, api_secret = api_token_create(acting_user=owner, name="x")
    assert embed_client(api_token, api_secret).get("/api/v1/embed/securables/").status_code == 401

    end_user_revoke_authorizations(
        acting_user=owner, organization=organization, end_user_id=authorization.end_user_id
    )
    assert client.get("/api/v1/embed/securables/").status_code == 401
