"""The isolation matrix of the REST API, over every route under an organization:

* a user of another organization gets 404, whatever the route and method;
* an object id of another organization, in an organization one belongs to, gets 404;
* a member whose role lacks the capability gets 403;
* no list ever holds another organization's rows.

Each refusal changes nothing, in either organization.
"""

import io
from dataclasses import dataclass

import pytest
from PIL import Image
from rest_framework.test import APIClient

from accounts.services import api_token_create
from organizations.models import Invitation, Membership, Team, TeamMembership
from organizations.services.invitation import invitation_create
from organizations.services.team import team_create, team_member_add
from organizations.tests.factories import UserFactory, add_member, plan


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # formatted with organization, user, invitation, team
    body: object = None
    # A viewer lacks the capability (so answers 403) on writes that need one.
    viewer_refused: bool = False
    multipart: bool = False

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"


ORGANIZATION = "/api/v1/organizations/{organization}/"

ROUTES = [
    Route("get", ORGANIZATION),
    Route("patch", ORGANIZATION, {"locale": "fr"}, viewer_refused=True),
    Route("delete", ORGANIZATION, viewer_refused=True),
    Route("put", ORGANIZATION + "logo/", viewer_refused=True, multipart=True),
    Route("delete", ORGANIZATION + "logo/", viewer_refused=True),
    Route(
        "post", ORGANIZATION + "transfer-ownership/", {"new_owner": "{user}"}, viewer_refused=True
    ),
    Route("post", ORGANIZATION + "leave/"),
    Route("get", ORGANIZATION + "members/"),
    Route("get", ORGANIZATION + "members/{user}/"),
    Route("patch", ORGANIZATION + "members/{user}/", {"role": "viewer"}, viewer_refused=True),
    Route("delete", ORGANIZATION + "members/{user}/", viewer_refused=True),
    Route("get", ORGANIZATION + "invitations/"),
    Route("post", ORGANIZATION + "invitations/", {"email": "new@x.test"}, viewer_refused=True),
    Route("get", ORGANIZATION + "invitations/{invitation}/"),
    Route("post", ORGANIZATION + "invitations/{invitation}/revoke/", viewer_refused=True),
    Route("post", ORGANIZATION + "invitations/{invitation}/resend/", viewer_refused=True),
    Route("get", ORGANIZATION + "teams/"),
    Route("post", ORGANIZATION + "teams/", {"name": "New team"}, viewer_refused=True),
    Route("get", ORGANIZATION + "teams/{team}/"),
    Route("patch", ORGANIZATION + "teams/{team}/", {"name": "Renamed"}, viewer_refused=True),
    Route("delete", ORGANIZATION + "teams/{team}/", viewer_refused=True),
    Route("get", ORGANIZATION + "teams/{team}/members/"),
    Route("post", ORGANIZATION + "teams/{team}/members/", {"user": "{user}"}, viewer_refused=True),
    Route("get", ORGANIZATION + "teams/{team}/members/{user}/"),
    Route(
        "patch",
        ORGANIZATION + "teams/{team}/members/{user}/",
        {"role": "admin"},
        viewer_refused=True,
    ),
    Route("delete", ORGANIZATION + "teams/{team}/members/{user}/", viewer_refused=True),
]
DETAIL_ROUTES = [
    route
    for route in ROUTES
    if any(name in route.path for name in ("{user}", "{invitation}", "{team}"))
]


@dataclass
class Scene:
    """One organization's ids to put in the routes."""

    organization: object
    user: object  # a member, in ``team`` and in another team
    invitation: object
    team: object

    def ids(self) -> dict:
        return {
            "organization": self.organization.pk,
            "user": self.user.pk,
            "invitation": self.invitation.pk,
            "team": self.team.pk,
        }


def _scene(organization, owner, user) -> Scene:
    team = team_create(acting_user=owner, organization=organization, name="Designers")
    team_member_add(acting_user=owner, team=team, user=user)
    invitation = invitation_create(
        acting_user=owner, organization=organization, email=f"invitee@{organization.slug}.test"
    )
    return Scene(organization=organization, user=user, invitation=invitation, team=team)


@pytest.fixture
def acme(organization, owner, admin, member, viewer) -> Scene:
    return _scene(organization, owner, member)


@pytest.fixture
def globex(other_organization, outsider) -> Scene:
    # On Pro, like Acme, so that it may have a second team.
    other_organization.plan = plan("pro")
    other_organization.save(update_fields=["plan"])
    user = add_member(other_organization, UserFactory(name="Gina Globex"))
    return _scene(other_organization, outsider, user)


def token_client(user) -> APIClient:
    api_token, token = api_token_create(acting_user=user, name="isolation")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token.pk}:{token}")
    return client


def call(client: APIClient, route: Route, ids: dict):
    path = route.path.format(**ids)
    if route.multipart:
        image = io.BytesIO()
        Image.new("RGB", (8, 8)).save(image, format="PNG")
        image.seek(0)
        image.name = "logo.png"
        return client.put(path, {"logo": image}, format="multipart")
    body = route.body
    if isinstance(body, dict):
        body = {key: str(value).format(**ids) for key, value in body.items()}
    return getattr(client, route.method)(path, body, format="json")


def snapshot() -> dict:
    """Every row the routes could change, in both organizations."""
    return {
        "memberships": sorted(Membership.objects.values_list("organization", "user", "role")),
        "teams": sorted(Team.objects.values_list("pk", "name")),
        "team_memberships": sorted(TeamMembership.objects.values_list("team", "user", "role")),
        "invitations": sorted(Invitation.objects.values_list("pk", "status")),
    }


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_a_user_of_another_organization_gets_404(acme, globex, outsider, route):
    before = snapshot()

    response = call(token_client(outsider), route, acme.ids())

    assert response.status_code == 404, response.content
    assert response.json()["error"]["code"] == "not_found"
    assert snapshot() == before


@pytest.mark.parametrize("route", DETAIL_ROUTES, ids=str)
def test_an_object_of_another_organization_gets_404(acme, globex, owner, route):
    before = snapshot()
    ids = {**globex.ids(), "organization": acme.organization.pk}

    response = call(token_client(owner), route, ids)

    assert response.status_code == 404, response.content
    assert snapshot() == before


@pytest.mark.parametrize("route", [route for route in ROUTES if route.viewer_refused], ids=str)
def test_a_member_without_the_capability_gets_403(acme, globex, viewer, route):
    before = snapshot()

    response = call(token_client(viewer), route, acme.ids())

    assert response.status_code == 403, response.content
    assert response.json()["error"]["code"] == "permission_denied"
    assert snapshot() == before


LISTS = [
    "/api/v1/organizations/{organization}/members/",
    "/api/v1/organizations/{organization}/invitations/?status=pending&status=expired"
    "&status=accepted&status=revoked",
    "/api/v1/organizations/{organization}/teams/",
    "/api/v1/organizations/{organization}/teams/{team}/members/",
]


@pytest.mark.parametrize("path", LISTS)
def test_no_list_holds_another_organizations_rows(acme, globex, owner, path):
    # Someone in both organizations, the likeliest to see one's rows in the other's lists.
    bridge = add_member(globex.organization, UserFactory(name="Bridget Both"))
    add_member(acme.organization, bridge)
    foreign_ids = {
        str(pk)
        for pk in [
            *Membership.objects.filter(organization=globex.organization)
            .exclude(user=bridge)
            .values_list("user", flat=True),
            *Invitation.objects.filter(organization=globex.organization).values_list(
                "pk", flat=True
            ),
            *Team.objects.filter(organization=globex.organization).values_list("pk", flat=True),
        ]
    }

    response = token_client(bridge).get(path.format(**acme.ids()))

    assert response.status_code == 200
    listed = {row["id"] for row in response.json()["results"]}
    assert listed, "the list should not be empty"
    assert not listed & foreign_ids


def test_the_lists_of_ones_organizations_and_tokens_hold_only_ones_own(acme, globex, member):
    api_token_create(acting_user=globex.user, name="not mine")
    client = token_client(member)

    organizations = client.get("/api/v1/organizations/").json()["results"]
    tokens = client.get("/api/v1/tokens/").json()["results"]

    assert [row["id"] for row in organizations] == [str(acme.organization.pk)]
    assert [row["name"] for row in tokens] == ["isolation"]
