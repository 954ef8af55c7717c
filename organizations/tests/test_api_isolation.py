"""The isolation matrix of the REST API, over every route under an organization and every
route of one of its dashboards, datasets or plugins:

* a user of another organization gets 404, whatever the route and method;
* an object id of another organization, in an organization one belongs to, gets 404;
* a member whose role lacks the capability gets 403 (for a securable: a viewer who reads it
  through their team, on what needs more; for a plugin: anyone but its creator, on changes);
* no list ever holds another organization's rows.

Each refusal changes nothing, in either organization.
"""

import io
from dataclasses import dataclass

import pytest
from PIL import Image
from rest_framework.test import APIClient

from accounts.services import api_token_create
from organizations.models import (
    Invitation,
    Membership,
    Securable,
    SecurableType,
    Team,
)
from organizations.models.team import DEFAULT_TEAM_NAME
from organizations.roles import Capability, OrganizationRole, organization_role_has
from organizations.services.invitation import invitation_create
from organizations.services.securable import securable_create, securable_share_with_team
from organizations.services.team import team_create, team_member_add
from organizations.tests.billing_fixtures import issued_invoice
from organizations.tests.factories import UserFactory, add_member, plan
from organizations.tests.snapshots import database_snapshot
from plugins.services import plugin_associate, plugin_create


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # formatted with organization, user, invitation, team, securable, plugin, invoice
    body: object = None
    # A viewer lacks the capability (so answers 403) on writes that need one.
    viewer_refused: bool = False
    multipart: bool = False

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"


ORGANIZATION = "/api/v1/organizations/{organization}/"
SECURABLE = "/api/v1/securables/{securable}/"
PLUGIN = "/api/v1/plugins/{plugin}/"

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
    # Invitations are for those who manage them (the Users tab's rule), reading included.
    Route("get", ORGANIZATION + "invitations/", viewer_refused=True),
    Route("post", ORGANIZATION + "invitations/", {"email": "new@x.test"}, viewer_refused=True),
    Route("get", ORGANIZATION + "invitations/{invitation}/", viewer_refused=True),
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
    # Billing is for the owner and admins: even reading it is refused to a viewer.
    Route("get", ORGANIZATION + "billing/", viewer_refused=True),
    Route("get", ORGANIZATION + "invoices/", viewer_refused=True),
    Route("get", ORGANIZATION + "invoices/{invoice}/", viewer_refused=True),
    Route("get", ORGANIZATION + "usage/", viewer_refused=True),
    Route("get", ORGANIZATION + "plugins/"),
    Route("post", ORGANIZATION + "plugins/", {"plugin": "{plugin}"}),
    Route("delete", ORGANIZATION + "plugins/{plugin}/"),
    Route("get", SECURABLE),
    Route("patch", SECURABLE, {"name": {"en": "Renamed"}}, viewer_refused=True),
    Route("delete", SECURABLE, viewer_refused=True),
    Route("get", SECURABLE + "shares/", viewer_refused=True),
    Route("post", SECURABLE + "shares/", {"team": "{team}", "level": "own"}, viewer_refused=True),
    Route("get", SECURABLE + "shares/users/{user}/", viewer_refused=True),
    Route("patch", SECURABLE + "shares/users/{user}/", {"level": "own"}, viewer_refused=True),
    Route("delete", SECURABLE + "shares/users/{user}/", viewer_refused=True),
    Route("get", SECURABLE + "shares/teams/{team}/", viewer_refused=True),
    Route("patch", SECURABLE + "shares/teams/{team}/", {"level": "own"}, viewer_refused=True),
    Route("delete", SECURABLE + "shares/teams/{team}/", viewer_refused=True),
    Route("get", PLUGIN),
    Route("patch", PLUGIN, {"slug": "renamed"}, viewer_refused=True),
    Route("delete", PLUGIN, viewer_refused=True),
]
DETAIL_ROUTES = [
    route
    for route in ROUTES
    if any(
        name in route.path
        for name in ("{user}", "{invitation}", "{team}", "{securable}", "{plugin}", "{invoice}")
    )
]


@dataclass
class Scene:
    """One organization's ids to put in the routes."""

    organization: object
    user: object  # a member, in ``team`` and in another team
    invitation: object
    team: object
    securable: object  # the owner's, shared with My Team at read and with ``team`` at use
    plugin: object  # created by ``user``, available to the organization
    invoice: object  # last month's, issued

    def ids(self) -> dict:
        return {
            "organization": self.organization.pk,
            "user": self.user.pk,
            "invitation": self.invitation.pk,
            "team": self.team.pk,
            "securable": self.securable.pk,
            "plugin": self.plugin.pk,
            "invoice": self.invoice.pk,
        }


def _scene(organization, owner, user) -> Scene:
    team = team_create(acting_user=owner, organization=organization, name="Designers")
    team_member_add(acting_user=owner, team=team, user=user)
    invitation = invitation_create(
        acting_user=owner, organization=organization, email=f"invitee@{organization.slug}.test"
    )
    securable = securable_create(
        acting_user=owner,
        organization=organization,
        type=SecurableType.DASHBOARD,
        name={"en": f"Sales of {organization.slug}"},
    )
    my_team = organization.teams.get(name=DEFAULT_TEAM_NAME)
    securable_share_with_team(acting_user=owner, securable=securable, team=my_team, level="read")
    securable_share_with_team(acting_user=owner, securable=securable, team=team, level="use")
    plugin = plugin_create(
        acting_user=user,
        slug=f"plugin{organization.slug.replace('-', '')}"[:50],
        name={"en": "Weather"},
        base_url="https://plugins.example.com/weather",
    )
    plugin_associate(acting_user=user, plugin=plugin, organization=organization)
    return Scene(
        organization=organization,
        user=user,
        invitation=invitation,
        team=team,
        securable=securable,
        plugin=plugin,
        invoice=issued_invoice(organization),
    )


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
        body = {
            key: str(value).format(**ids) if isinstance(value, str) else value
            for key, value in body.items()
        }
    return getattr(client, route.method)(path, body, format="json")


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_a_user_of_another_organization_gets_404(acme, globex, outsider, route):
    before = database_snapshot()

    response = call(token_client(outsider), route, acme.ids())

    assert response.status_code == 404, response.content
    assert response.json()["error"]["code"] == "not_found"
    assert database_snapshot() == before


@pytest.mark.parametrize("route", DETAIL_ROUTES, ids=str)
def test_an_object_of_another_organization_gets_404(acme, globex, owner, route):
    before = database_snapshot()
    ids = {**globex.ids(), "organization": acme.organization.pk}

    response = call(token_client(owner), route, ids)

    assert response.status_code == 404, response.content
    assert database_snapshot() == before


@pytest.mark.parametrize("route", [route for route in ROUTES if route.viewer_refused], ids=str)
def test_a_member_without_the_capability_gets_403(acme, globex, viewer, route):
    before = database_snapshot()

    response = call(token_client(viewer), route, acme.ids())

    assert response.status_code == 403, response.content
    assert response.json()["error"]["code"] == "permission_denied"
    assert database_snapshot() == before


INVITATION_READS = [
    route for route in ROUTES if route.method == "get" and "invitations" in route.path
]


@pytest.mark.parametrize("route", INVITATION_READS, ids=str)
def test_a_member_may_not_read_invitations_either(acme, globex, member, route):
    response = call(token_client(member), route, acme.ids())

    assert response.status_code == 403, response.content
    assert response.json()["error"]["code"] == "permission_denied"


@pytest.mark.parametrize("role", list(OrganizationRole))
def test_one_capability_shows_invitations_on_the_users_tab_and_in_the_api(
    acme, globex, client, role, owner, admin, member, viewer
):
    user = {"owner": owner, "admin": admin, "member": member, "viewer": viewer}[role]
    allowed = organization_role_has(role, Capability.MANAGE_INVITATIONS)
    client.force_login(user)

    page = client.get("/organization/users/").content.decode()
    listed = call(token_client(user), INVITATION_READS[0], acme.ids())

    assert (acme.invitation.email in page) is allowed
    assert listed.status_code == (200 if allowed else 403)


LISTS = [
    "/api/v1/organizations/{organization}/members/",
    "/api/v1/organizations/{organization}/invitations/?status=pending&status=expired"
    "&status=accepted&status=revoked",
    "/api/v1/organizations/{organization}/teams/",
    "/api/v1/organizations/{organization}/teams/{team}/members/",
    "/api/v1/organizations/{organization}/plugins/",
    "/api/v1/securables/?organization={organization}",
]


@pytest.mark.parametrize("path", LISTS)
def test_no_list_holds_another_organizations_rows(acme, globex, owner, path):
    # Someone in both organizations, the likeliest to see one's rows in the other's lists.
    bridge = add_member(globex.organization, UserFactory(name="Bridget Both"))
    # An admin in Acme: the lists of both include the invitations.
    add_member(acme.organization, bridge, OrganizationRole.ADMIN)
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
            *Securable.objects.filter(organization=globex.organization).values_list(
                "pk", flat=True
            ),
            globex.plugin.pk,
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


def test_the_lists_of_securables_and_plugins_hold_only_what_one_may_use(acme, globex, outsider):
    client = token_client(outsider)

    securables = client.get("/api/v1/securables/").json()["results"]
    plugins = client.get("/api/v1/plugins/").json()["results"]

    assert [row["id"] for row in securables] == [str(globex.securable.pk)]
    assert [row["id"] for row in plugins] == [str(globex.plugin.pk)]
