"""Invitations in the admin: resent and revoked through the services as an operator, refusals
reported, the computed status filterable, the actions hidden from staff who may only look."""

from django.contrib.auth.models import Permission
from django.core import mail

from organizations.models import (
    AuditAction,
    AuditEvent,
    Invitation,
    InvitationStatus,
)
from organizations.tests.admin.helpers import (
    changelist_url,
    messages_of,
)
from organizations.tests.factories import UserFactory


def test_resend_action_sends_a_new_link_and_revokes_the_old_one(
    operator_client, operator, organization, owner, invitation, django_capture_on_commit_callbacks
):
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(
            changelist_url("organizations_invitation"),
            {"action": "resend", "_selected_action": [str(invitation.pk)]},
        )

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED
    new = Invitation.objects.get(organization=organization, status=InvitationStatus.PENDING)
    assert new.email == invitation.email
    assert new.token_hash != invitation.token_hash
    assert new.invited_by == owner
    assert [message.to for message in mail.outbox] == [[invitation.email]]
    event = AuditEvent.objects.get(action=AuditAction.INVITATION_RESENT)
    assert (event.actor, event.by_operator) == (operator, True)


def test_resend_action_reports_a_refusal_without_failing(operator_client, invitation):
    invitation.status = InvitationStatus.ACCEPTED
    invitation.save(update_fields=["status"])

    response = operator_client.post(
        changelist_url("organizations_invitation"),
        {"action": "resend", "_selected_action": [str(invitation.pk)]},
    )

    assert response.status_code == 302
    assert any("Only a pending or expired" in message for message in messages_of(response))
    assert Invitation.objects.count() == 1


def test_revoke_action_revokes(operator_client, invitation):
    response = operator_client.post(
        changelist_url("organizations_invitation"),
        {"action": "revoke", "_selected_action": [str(invitation.pk)]},
    )

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED
    assert AuditEvent.objects.get(action=AuditAction.INVITATION_REVOKED).by_operator is True


def test_invitation_status_filter_shows_expired_invitations(operator_client, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=invitation.sent_at)
    url = changelist_url("organizations_invitation")

    expired = operator_client.get(url, {"display_status": "expired"}).context["cl"].result_list
    pending = operator_client.get(url, {"display_status": "pending"}).context["cl"].result_list

    assert list(expired) == [invitation]
    assert list(pending) == []


def test_operator_actions_are_hidden_from_staff_without_change_permission(client, invitation):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_invitation", "view_organization"])
    )
    client.force_login(viewer)

    response = client.get(changelist_url("organizations_invitation"))

    assert response.status_code == 200
    assert response.context["action_form"] is None
