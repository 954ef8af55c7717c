"""REST API: invitations (list, create, revoke, resend) and their throttling."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from organizations.models import Invitation, InvitationStatus
from organizations.roles import TeamRole
from organizations.services.invitation import invitation_create, invitation_revoke
from organizations.services.team import team_create
from organizations.tests.factories import plan

INVITEE = "newbie@example.test"


def invitations_url(organization, suffix: str = "") -> str:
    return f"/api/v1/organizations/{organization.pk}/invitations/{suffix}"


def error_of(response) -> dict:
    return response.json()["error"]


@pytest.fixture
def invitations(owner, organization):
    """One invitation in each status."""
    pending = invitation_create(acting_user=owner, organization=organization, email="p@x.test")
    expired = invitation_create(acting_user=owner, organization=organization, email="e@x.test")
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    revoked = invitation_create(acting_user=owner, organization=organization, email="r@x.test")
    invitation_revoke(acting_user=owner, invitation=revoked)
    return {"pending": pending, "expired": expired, "revoked": revoked}


def test_the_list_shows_pending_and_expired_invitations_by_default(
    api_as, admin, invitations, organization
):
    body = api_as(admin).get(invitations_url(organization)).json()

    assert {row["email"]: row["status"] for row in body["results"]} == {
        "p@x.test": "pending",
        "e@x.test": "expired",
    }


@pytest.mark.parametrize(
    ("statuses", "emails"),
    [
        (["revoked"], {"r@x.test"}),
        (["expired"], {"e@x.test"}),
        (["pending", "revoked"], {"p@x.test", "r@x.test"}),
        (["accepted"], set()),
    ],
)
def test_the_list_filters_by_status(api_as, admin, invitations, organization, statuses, emails):
    body = api_as(admin).get(invitations_url(organization), {"status": statuses}).json()

    assert {row["email"] for row in body["results"]} == emails


def test_an_unknown_status_names_the_parameter(api_as, admin, organization):
    response = api_as(admin).get(invitations_url(organization), {"status": "lost"})

    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == ["status"]


def test_an_admin_invites_with_teams_and_a_team_role(
    api_as, admin, owner, organization, django_capture_on_commit_callbacks
):
    designers = team_create(acting_user=owner, organization=organization, name="Designers")

    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(admin).post(
            invitations_url(organization),
            {
                "email": INVITEE,
                "name": "New Bie",
                "role": "viewer",
                "teams": [str(designers.pk)],
                "team_role": TeamRole.ADMIN,
                "note": "Welcome!",
            },
        )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending"
    assert body["teams"] == [{"id": str(designers.pk), "name": "Designers"}]
    assert body["invited_by"]["id"] == str(admin.pk)
    assert "token" not in body and "token_hash" not in body
    assert [message.to for message in mail.outbox] == [[INVITEE]]


def test_an_invitation_goes_to_the_first_team_by_default(api_as, owner, organization):
    body = api_as(owner).post(invitations_url(organization), {"email": INVITEE}).json()

    assert [team["name"] for team in body["teams"]] == ["My Team"]
    assert (body["role"], body["team_role"]) == ("member", "member")


def test_a_member_may_not_invite(api_as, member, organization):
    response = api_as(member).post(invitations_url(organization), {"email": INVITEE})

    assert response.status_code == 403
    assert not Invitation.objects.filter(email=INVITEE).exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email": "olivia@acme.test"}, "email"),  # already a member
        ({"email": "p@x.test"}, "email"),  # already invited
        ({"email": "not an address"}, "email"),
        ({"email": INVITEE, "role": "owner"}, "role"),
        ({"email": INVITEE, "teams": []}, "teams"),
        ({"email": INVITEE, "teams": ["not-a-uuid"]}, "teams.0"),
    ],
)
def test_invitations_the_rules_refuse_name_the_field(
    api_as, owner, organization, invitations, payload, field
):
    response = api_as(owner).post(invitations_url(organization), payload)

    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == [field]


def test_a_team_of_another_organization_is_not_resolved(
    api_as, owner, organization, other_organization
):
    foreign_team = other_organization.teams.get()

    response = api_as(owner).post(
        invitations_url(organization), {"email": INVITEE, "teams": [str(foreign_team.pk)]}
    )

    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == ["teams.0"]


def test_seats_full_is_refused(api_as, owner, organization):
    organization.plan = plan("free")
    organization.save()
    limit = organization.plan.seats
    assert limit is not None
    for number in range(limit - 1):
        invitation_create(acting_user=owner, organization=organization, email=f"s{number}@x.test")

    response = api_as(owner).post(invitations_url(organization), {"email": INVITEE})

    assert response.status_code == 400
    assert "seats" in error_of(response)["message"]


def test_an_admin_revokes_an_invitation(api_as, admin, invitations, organization):
    response = api_as(admin).post(
        invitations_url(organization, f"{invitations['pending'].pk}/revoke/")
    )

    assert response.status_code == 200
    assert response.json()["status"] == "revoked"


def test_a_revoked_invitation_can_not_be_revoked_again(api_as, admin, invitations, organization):
    response = api_as(admin).post(
        invitations_url(organization, f"{invitations['revoked'].pk}/revoke/")
    )

    assert response.status_code == 400


def test_an_admin_resends_an_expired_invitation(api_as, admin, invitations, organization):
    expired = invitations["expired"]

    response = api_as(admin).post(invitations_url(organization, f"{expired.pk}/resend/"))

    assert response.status_code == 201
    body = response.json()
    assert body["id"] != str(expired.pk)
    assert (body["email"], body["status"]) == ("e@x.test", "pending")
    assert Invitation.objects.get(pk=expired.pk).status == InvitationStatus.REVOKED


@pytest.mark.parametrize("action", ["revoke", "resend"])
def test_a_viewer_may_not_revoke_or_resend(api_as, viewer, invitations, organization, action):
    response = api_as(viewer).post(
        invitations_url(organization, f"{invitations['pending'].pk}/{action}/")
    )

    assert response.status_code == 403


def test_invitations_are_throttled_per_user(api_as, settings, owner, admin, organization):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "invitations": "2/hour",
        },
    }
    client = api_as(owner)
    for number in range(2):
        assert (
            client.post(invitations_url(organization), {"email": f"t{number}@x.test"}).status_code
            == 201
        )

    response = client.post(invitations_url(organization), {"email": "t2@x.test"})

    assert response.status_code == 429
    assert error_of(response)["code"] == "throttled"
    # Another user has their own allowance, and reading is never throttled.
    assert (
        api_as(admin).post(invitations_url(organization), {"email": "t3@x.test"}).status_code == 201
    )
    assert client.get(invitations_url(organization)).status_code == 200


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_members_and_viewers_may_not_read_invitations(
    api_as, role, request, invitations, organization
):
    # As on the Users tab, which shows invitations to the owner and admins only: e-mail
    # addresses, names and notes are not every member's to read.
    client = api_as(request.getfixturevalue(role))

    for response in (
        client.get(invitations_url(organization)),
        client.get(invitations_url(organization, f"{invitations['pending'].pk}/")),
    ):
        assert response.status_code == 403
        assert error_of(response)["code"] == "permission_denied"
        assert "p@x.test" not in response.content.decode()


def test_an_invitation_is_shown_by_id_whatever_its_status(api_as, admin, invitations, organization):
    client = api_as(admin)

    for status, invitation in invitations.items():
        response = client.get(invitations_url(organization, f"{invitation.pk}/"))
        assert response.status_code == 200
        assert response.json()["status"] == status


def test_an_unknown_invitation_answers_404(api_as, owner, organization):
    response = api_as(owner).get(
        invitations_url(organization, "7d9f1d1e-9d5e-4a5e-8a44-9a1f5b3c0e11/")
    )

    assert response.status_code == 404
    assert error_of(response)["message"] == "Invitation not found."


def test_an_invitation_whose_e_mail_failed_says_so(
    api_as, settings, owner, organization, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "outbox.tests.test_services.RefusingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        created = api_as(owner).post(invitations_url(organization), {"email": INVITEE})
    assert created.json()["email_status"] == "pending"  # answered before the e-mail was tried

    body = api_as(owner).get(invitations_url(organization)).json()

    assert [(row["email"], row["email_status"]) for row in body["results"]] == [(INVITEE, "failed")]
