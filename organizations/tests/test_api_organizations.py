"""REST API: organizations, their settings and logo, ownership transfer, leaving."""

import io

import pytest
from PIL import Image

from organizations.models import AuditAction, AuditEvent, Membership, Organization
from organizations.models.organization import ERR_REGION_IMMUTABLE
from organizations.roles import OrganizationRole
from organizations.tests.factories import OrganizationFactory

ORGANIZATIONS = "/api/v1/organizations/"


def url(organization, suffix: str = "") -> str:
    return f"{ORGANIZATIONS}{organization.pk}/{suffix}"


def error_of(response) -> dict:
    return response.json()["error"]


def png_bytes(size=(64, 32)) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", size, "purple").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "logo.png"
    return buffer


def test_the_list_holds_my_organizations_with_my_role_in_each(
    api_as, member, organization, outsider
):
    mine = OrganizationFactory(owner=member, name={"en": "Mia's own"})

    body = api_as(member).get(ORGANIZATIONS).json()

    assert body["count"] == 2
    roles = {row["id"]: row["role"] for row in body["results"]}
    assert roles == {str(organization.pk): "member", str(mine.pk): "owner"}


def test_an_organization_shows_its_settings_and_what_my_role_may_do(api_as, viewer, organization):
    body = api_as(viewer).get(url(organization)).json()

    assert body["name"] == {"en": "Acme"}
    assert body["display_name"] == "Acme"
    assert body["region"] == "EU"
    assert body["plan"]["code"] == "pro"
    assert body["role"] == "viewer"
    assert "edit_settings" not in body["capabilities"]
    assert "view_organization" in body["capabilities"]


def test_creating_an_organization_makes_me_its_owner(api_as, member):
    response = api_as(member).post(
        ORGANIZATIONS,
        {"name": {"en": "Initech", "fr": "Initech SA"}, "region": "US", "country": "us"},
    )

    assert response.status_code == 201
    body = response.json()
    assert body["role"] == "owner"
    assert body["plan"]["code"] == "free"
    assert body["country"] == "US"
    organization = Organization.objects.get(pk=body["id"])
    assert organization.teams.get().name == "My Team"
    member.refresh_from_db()
    assert member.active_organization_id == organization.pk


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": {"de": "Acme"}, "region": "EU"}, "name"),
        ({"name": {"en": " "}, "region": "EU"}, "name"),
        ({"name": {"en": "Acme"}, "region": "ASIA"}, "region"),
        ({"name": {"en": "Acme"}, "region": "EU", "country": "XX"}, "country"),
        ({"region": "EU"}, "name"),
    ],
)
def test_creating_an_organization_with_bad_input_names_the_field(api_as, member, payload, field):
    response = api_as(member).post(ORGANIZATIONS, payload)

    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == [field]


def test_an_admin_updates_the_settings(api_as, admin, organization):
    response = api_as(admin).patch(
        url(organization), {"name": {"en": "Acme", "nl": "Acme NL"}, "locale": "nl"}
    )

    assert response.status_code == 200
    organization.refresh_from_db()
    assert organization.name == {"en": "Acme", "nl": "Acme NL"}
    assert organization.locale == "nl"
    assert AuditEvent.objects.filter(action=AuditAction.ORGANIZATION_UPDATED).exists()


def test_the_region_is_refused_with_the_services_message(api_as, owner, organization):
    response = api_as(owner).patch(url(organization), {"region": "US"})

    assert response.status_code == 400
    assert error_of(response)["fields"] == {"region": [str(ERR_REGION_IMMUTABLE)]}
    organization.refresh_from_db()
    assert organization.region == "EU"


def test_a_member_may_not_update_the_settings(api_as, member, organization):
    response = api_as(member).patch(url(organization), {"locale": "fr"})

    assert response.status_code == 403
    assert error_of(response)["code"] == "permission_denied"


def test_the_owner_deletes_the_organization(api_as, owner, organization):
    assert api_as(owner).delete(url(organization)).status_code == 204
    assert not Organization.objects.filter(pk=organization.pk).exists()


def test_an_admin_may_not_delete_the_organization(api_as, admin, organization):
    assert api_as(admin).delete(url(organization)).status_code == 403
    assert Organization.objects.filter(pk=organization.pk).exists()


def test_an_admin_uploads_and_removes_the_logo(api_as, admin, organization):
    client = api_as(admin)

    response = client.put(url(organization, "logo/"), {"logo": png_bytes()}, format="multipart")

    assert response.status_code == 200, response.content
    assert response.json()["logo"].startswith("http://testserver/media/logos/")
    assert client.delete(url(organization, "logo/")).status_code == 204
    organization.refresh_from_db()
    assert not organization.logo


def test_a_logo_that_is_no_image_is_refused(api_as, admin, organization):
    not_an_image = io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    not_an_image.name = "logo.svg"

    response = api_as(admin).put(
        url(organization, "logo/"), {"logo": not_an_image}, format="multipart"
    )

    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == ["logo"]


def test_the_owner_transfers_ownership(api_as, owner, admin, organization):
    response = api_as(owner).post(
        url(organization, "transfer-ownership/"), {"new_owner": str(admin.pk)}
    )

    assert response.status_code == 200
    assert response.json()["id"] == str(admin.pk)
    assert response.json()["role"] == "owner"
    roles = dict(Membership.objects.filter(organization=organization).values_list("user", "role"))
    assert roles[owner.pk] == OrganizationRole.ADMIN
    assert roles[admin.pk] == OrganizationRole.OWNER


def test_an_admin_may_not_transfer_ownership(api_as, admin, member, organization):
    response = api_as(admin).post(
        url(organization, "transfer-ownership/"), {"new_owner": str(member.pk)}
    )

    assert response.status_code == 403


def test_ownership_goes_only_to_a_member(api_as, owner, organization, outsider):
    response = api_as(owner).post(
        url(organization, "transfer-ownership/"), {"new_owner": str(outsider.pk)}
    )

    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == ["new_owner"]


def test_a_member_leaves(api_as, member, organization):
    assert api_as(member).post(url(organization, "leave/")).status_code == 204
    assert not Membership.objects.filter(organization=organization, user=member).exists()


def test_the_owner_can_not_leave(api_as, owner, organization):
    response = api_as(owner).post(url(organization, "leave/"))

    assert response.status_code == 403
    assert "Transfer ownership" in error_of(response)["message"]
