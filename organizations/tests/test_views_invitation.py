"""The invitation's accept page: shown logged out or in, accepting, and its refusals."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from organizations.models import AuditAction, AuditEvent, Invitation, InvitationStatus, Membership
from organizations.roles import OrganizationRole
from organizations.services.invitation import (
    invitation_accept,
    invitation_create,
    invitation_revoke,
)
from organizations.tests.factories import UserFactory
from organizations.tests.invitation_fixtures import INVITEE_EMAIL, expire, invite
from organizations.tests.snapshots import database_snapshot


@pytest.fixture
def invitee(db):
    return UserFactory(name="Nina Newbie", email=INVITEE_EMAIL)


def page(token):
    return reverse("invitation_accept", kwargs={"token": token})


def test_page_shows_the_invitation_when_logged_out(client, organization, owner):
    invitation = invite(organization, owner)

    response = client.get(page(invitation.token))

    assert response.status_code == 200
    assert response.context["invitation"].pk == invitation.pk
    assert response.context.get("error") is None
    content = response.content.decode()
    assert "Acme" in content
    assert INVITEE_EMAIL in content
    assert "Log in" in content


def test_post_when_logged_out_asks_to_log_in_and_changes_nothing(client, organization, owner):
    invitation = invite(organization, owner)
    before = database_snapshot()

    response = client.post(page(invitation.token))

    assert response.status_code == 302
    assert response.url.startswith(resolve_url(settings.LOGIN_URL))
    assert "next=" in response.url
    assert database_snapshot() == before


def test_logged_in_invitee_sees_the_accept_button(client, organization, owner, invitee):
    invitation = invite(organization, owner)
    client.force_login(invitee)

    response = client.get(page(invitation.token))

    assert response.status_code == 200
    assert b"Accept invitation" in response.content
    assert b'method="post"' in response.content
    assert not Membership.objects.filter(organization=organization, user=invitee).exists()


def test_logged_in_invitee_accepts_and_is_redirected(client, organization, owner, invitee):
    invitation = invite(organization, owner, role=OrganizationRole.MEMBER)
    client.force_login(invitee)

    response = client.post(page(invitation.token))

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert Membership.objects.get(organization=organization, user=invitee).role == "member"
    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.ACCEPTED
    invitee.refresh_from_db()
    assert invitee.active_organization == organization


def test_page_records_the_client_ip_in_the_audit_event(client, organization, owner, invitee):
    invitation = invite(organization, owner)
    client.force_login(invitee)

    client.post(page(invitation.token), REMOTE_ADDR="203.0.113.7")

    event = AuditEvent.objects.get(
        organization=organization, action=AuditAction.INVITATION_ACCEPTED
    )
    assert event.ip_address == "203.0.113.7"


def test_page_tells_a_wrong_account_and_changes_nothing(client, organization, owner, outsider):
    invitation = invite(organization, owner)
    client.force_login(outsider)
    before = database_snapshot()

    for response in (client.get(page(invitation.token)), client.post(page(invitation.token))):
        # Told at once, before any button: this account can't accept the invitation.
        assert response.status_code == 403
        assert INVITEE_EMAIL in response.content.decode()
        assert outsider.email in response.content.decode()
        assert "Accept invitation</button>" not in response.content.decode()
    assert database_snapshot() == before


def test_page_refuses_a_used_link(client, organization, owner, invitee):
    invitation = invite(organization, owner)
    invitation_accept(acting_user=invitee, token=invitation.token)
    client.force_login(invitee)
    before = database_snapshot()

    for response in (client.get(page(invitation.token)), client.post(page(invitation.token))):
        assert response.status_code == 400
        assert "already been accepted" in response.content.decode()
        assert b"<form" not in response.content
    assert database_snapshot() == before


def test_page_refuses_a_revoked_link(client, organization, owner, invitee):
    invitation = invite(organization, owner)
    invitation_revoke(acting_user=owner, invitation=invitation)
    client.force_login(invitee)
    before = database_snapshot()

    for response in (client.get(page(invitation.token)), client.post(page(invitation.token))):
        assert response.status_code == 400
        assert "withdrawn" in response.content.decode()
        assert b"<form" not in response.content
    assert database_snapshot() == before


def test_page_refuses_an_expired_link(client, organization, owner, invitee):
    invitation = invite(organization, owner)
    expire(invitation)
    client.force_login(invitee)
    before = database_snapshot()

    for response in (client.get(page(invitation.token)), client.post(page(invitation.token))):
        assert response.status_code == 400
        assert "expired" in response.content.decode()
        assert b"<form" not in response.content
    assert database_snapshot() == before


def test_page_refuses_an_unknown_link(client, db):
    response = client.get(page("no-such-token"))

    assert response.status_code == 404
    assert "not valid" in response.content.decode()
    assert b"<form" not in response.content


def test_accepting_a_second_organization_says_it_is_now_the_active_one(
    client, organization, owner, outsider, other_organization
):
    """Otto works in Globex; accepting Acme's invitation switches him to Acme: said, not
    silent."""
    invitation = invitation_create(
        acting_user=owner, organization=organization, email=outsider.email
    )
    client.force_login(outsider)

    response = client.post(page(invitation.token), follow=True)

    assert "You joined Acme, and you are now working in it." in response.content.decode()
    outsider.refresh_from_db()
    assert outsider.active_organization == organization


def test_accepting_a_first_organization_just_says_joined(client, organization, owner, invitee):
    invitation = invite(organization, owner)
    client.force_login(invitee)

    content = client.post(page(invitation.token), follow=True).content.decode()

    assert "You joined Acme." in content
    assert "now working in it" not in content
