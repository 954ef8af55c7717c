"""Invitation links with INVITATION_LINKS_VIA_SESSION: opening the link moves its token
into the session and lands on /invitations/open/, so that the token appears in one request
line only, the link's own, and in no page, ?next=, refusal or later log line."""

import pytest
from django.urls import reverse

from organizations.models import Invitation, InvitationStatus, Membership
from organizations.services.invitation import invitation_create
from organizations.tests.factories import UserFactory
from organizations.tests.snapshots import database_snapshot
from organizations.views.invitation import SESSION_TOKEN

OPEN = "/invitations/open/"
PASSWORD = "correct horse battery"  # the factories' password


@pytest.fixture(autouse=True)
def via_session(settings):
    settings.INVITATION_LINKS_VIA_SESSION = True


@pytest.fixture
def invitation(owner, organization):
    return invitation_create(acting_user=owner, organization=organization, email="nina@x.test")


@pytest.fixture
def invitee(db):
    return UserFactory(name="Nina Newbie", email="nina@x.test")


def link(invitation) -> str:
    return reverse("invitation_accept", kwargs={"token": invitation.token})


def test_the_link_moves_its_token_into_the_session_and_lands_on_a_page_without_it(
    client, invitation
):
    response = client.get(link(invitation))

    assert response.status_code == 302
    assert response.url == OPEN
    assert client.session[SESSION_TOKEN] == invitation.token
    page = client.get(OPEN)
    assert page.status_code == 200
    assert "nina@x.test" in page.content.decode()
    # The login link comes back here, not to the link.
    assert f"next={OPEN}" in page.content.decode().replace("%2F", "/")


def test_the_invitee_accepts_on_the_page_without_the_token(client, invitation, invitee):
    client.force_login(invitee)
    client.get(link(invitation))

    response = client.post(OPEN)

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert Membership.objects.filter(user=invitee, organization=invitation.organization).exists()
    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.ACCEPTED
    assert SESSION_TOKEN not in client.session


def test_the_token_survives_logging_in_from_the_page(client, invitation, invitee):
    client.get(link(invitation))

    asked = client.post(OPEN)
    client.post(reverse("login"), {"username": invitee.email, "password": PASSWORD})
    accepted = client.post(OPEN)

    assert asked.status_code == 302
    assert asked.url.startswith(reverse("login"))
    assert invitation.token not in asked.url
    assert accepted.status_code == 302
    assert Membership.objects.filter(user=invitee, organization=invitation.organization).exists()


def test_the_wrong_account_is_told_on_the_page_without_the_token(client, invitation, outsider):
    client.force_login(outsider)
    client.get(link(invitation))
    before = database_snapshot()

    for response in (client.get(OPEN), client.post(OPEN)):
        assert response.status_code == 403
        assert "nina@x.test" in response.content.decode()
    assert database_snapshot() == before


def test_without_a_link_opened_the_page_is_an_invalid_link(client, db):
    response = client.get(OPEN)

    assert response.status_code == 404
    assert "This invitation link is not valid." in response.content.decode()


def test_posting_to_the_link_itself_still_accepts(client, invitation, invitee):
    # A form or a script that posts to the link directly keeps working.
    client.force_login(invitee)

    response = client.post(link(invitation))

    assert response.status_code == 302
    assert Membership.objects.filter(user=invitee, organization=invitation.organization).exists()
