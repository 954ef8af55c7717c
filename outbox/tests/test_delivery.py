"""E-mail delivery against real SMTP servers: a request never waits on the mail server,
nothing is lost while it is down, a message is delivered once, and one that keeps failing
is shown to the inviter and to operators, who can send it again.

The first two run a real Celery worker in a thread (``celery_worker_thread``), so the
request's thread only records the message, as in production.
"""

import time

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from organizations.models import Invitation
from organizations.services.invitation import invitation_create
from organizations.tests.factories import UserFactory
from outbox.models import MessageStatus, OutboxMessage
from outbox.services import outbox_sweep
from outbox.tests.smtp import free_port, hanging_smtp_server, smtp_server, use_smtp, wait_until

INVITEE = "newbie@example.test"
USERS = reverse("organization_users")
INVITE = reverse("organization_invite")
CHANGELIST = reverse("admin:outbox_outboxmessage_changelist")
# A request that returns in less than this did not wait for the mail server (whose timeout
# in these tests is longer).
AT_ONCE = 2.0


def invite_data(organization, **overrides):
    return {
        "email": INVITEE,
        "name": "Nina Newbie",
        "role": "member",
        "teams": [str(organization.teams.get().pk)],
        "team_role": "member",
        "note": "Welcome aboard!",
        **overrides,
    }


def message_of(email: str) -> OutboxMessage:
    return Invitation.objects.select_related("email_message").get(email=email).email_message


def fresh(message: OutboxMessage) -> OutboxMessage:
    return OutboxMessage.objects.get(pk=message.pk)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_smtp_down_then_up_the_invitation_is_delivered_once(
    client, settings, organization, owner, celery_worker_thread
):
    port = free_port()  # nothing listens there yet: connections are refused
    use_smtp(settings, port, timeout=5)
    settings.OUTBOX_RETRY_BASE_SECONDS = settings.OUTBOX_RETRY_MAX_SECONDS = 0.2
    settings.OUTBOX_MAX_ATTEMPTS = 1000
    client.force_login(owner)

    started = time.monotonic()
    response = client.post(INVITE, invite_data(organization), follow=True)
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert "Invitation sent to newbie@example.test." in response.content.decode()
    assert elapsed < AT_ONCE
    message = message_of(INVITEE)
    wait_until(lambda: fresh(message).attempts >= 2, what="two refused attempts")
    assert fresh(message).status == MessageStatus.PENDING
    assert "ConnectionRefusedError" in fresh(message).last_error

    with smtp_server(port) as mailbox:
        wait_until(lambda: fresh(message).status == MessageStatus.SENT, what="delivered")
        # Another sweep and the worker's pending retries, if any, must not send it again.
        outbox_sweep()
        time.sleep(1)

    assert [received["To"] for received in mailbox.messages] == [INVITEE]
    received = mailbox.messages[0]
    assert received["Message-ID"] == message.message_id
    text = next(
        part.get_payload(decode=True).decode()
        for part in received.walk()
        if part.get_content_type() == "text/plain"
    )
    assert "Welcome aboard!" in text
    assert "/invitations/" in text
    delivered = fresh(message)
    assert delivered.last_error == ""
    assert delivered.body_text == delivered.body_html == ""  # the link is kept nowhere


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_smtp_hanging_the_rest_invitation_returns_at_once(
    api_as, settings, organization, owner, celery_worker_thread
):
    with hanging_smtp_server() as port:
        use_smtp(settings, port, timeout=4)
        # One attempt in this test, marked failed after the mail server's timeout.
        settings.OUTBOX_MAX_ATTEMPTS = 1

        started = time.monotonic()
        response = api_as(owner).post(
            f"/api/v1/organizations/{organization.pk}/invitations/", {"email": INVITEE}
        )
        elapsed = time.monotonic() - started

        assert response.status_code == 201, response.content
        assert elapsed < AT_ONCE
        message = message_of(INVITEE)
        assert fresh(message).status in (MessageStatus.PENDING, MessageStatus.SENDING)
        wait_until(lambda: fresh(message).status == MessageStatus.FAILED, what="timed out")
        assert "timed out" in fresh(message).last_error


@pytest.fixture
def operator(db):
    return UserFactory(name="Oscar Operator", is_staff=True, is_superuser=True)


def test_a_message_failing_past_its_retries_is_shown_to_the_inviter_and_operators(
    client, settings, organization, owner, operator, django_capture_on_commit_callbacks
):
    port = free_port()
    use_smtp(settings, port)
    settings.OUTBOX_RETRY_BASE_SECONDS = settings.OUTBOX_RETRY_MAX_SECONDS = 0
    settings.OUTBOX_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(acting_user=owner, organization=organization, email=INVITEE)
    message = fresh(invitation.email_message)
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 3)

    client.force_login(owner)
    users_page = client.get(USERS).content.decode()
    row = users_page[
        users_page.index(INVITEE) : users_page.index("</tr>", users_page.index(INVITEE))
    ]
    assert "E-mail not delivered" in row
    assert reverse("organization_invitation_resend", args=[invitation.pk]) in row

    client.force_login(operator)
    failed_list = client.get(CHANGELIST, {"status__exact": "failed"})
    assert INVITEE in failed_list.content.decode()
    assert "ConnectionRefusedError" in failed_list.content.decode()

    with smtp_server(port) as mailbox, django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGELIST,
            {"action": "retry", ACTION_CHECKBOX_NAME: [str(message.pk)]},
            follow=True,
        )

    assert "1 message will be sent again." in response.content.decode()
    assert [received["To"] for received in mailbox.messages] == [INVITEE]
    assert fresh(message).status == MessageStatus.SENT
    client.force_login(owner)
    assert "E-mail not delivered" not in client.get(USERS).content.decode()


def test_the_inviter_resends_an_undelivered_invitation_and_the_new_one_arrives(
    client, settings, organization, owner, django_capture_on_commit_callbacks
):
    port = free_port()
    use_smtp(settings, port)
    settings.OUTBOX_RETRY_BASE_SECONDS = settings.OUTBOX_RETRY_MAX_SECONDS = 0
    settings.OUTBOX_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(acting_user=owner, organization=organization, email=INVITEE)
    client.force_login(owner)

    with smtp_server(port) as mailbox, django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("organization_invitation_resend", args=[invitation.pk]))

    assert [received["To"] for received in mailbox.messages] == [INVITEE]
    # The undelivered e-mail carried a dead link: it is cancelled, never sent later.
    assert fresh(invitation.email_message).status == MessageStatus.CANCELLED
    assert "E-mail not delivered" not in client.get(USERS).content.decode()


# An invitation that ends without being withdrawn itself (issue 11's review) ------------------


def _undelivered_invitation(settings, organization, inviter, django_capture_on_commit_callbacks):
    """An invitation whose e-mail could not be delivered yet, waiting for its retry."""
    port = free_port()  # nothing listens yet
    use_smtp(settings, port)
    settings.OUTBOX_RETRY_BASE_SECONDS = settings.OUTBOX_RETRY_MAX_SECONDS = 3600
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            acting_user=inviter, organization=organization, email=INVITEE
        )
    assert fresh(invitation.email_message).status == MessageStatus.PENDING
    return port, invitation


def _retries_due() -> None:
    OutboxMessage.objects.update(next_attempt_at=timezone.now())


def test_removing_the_inviter_cancels_their_invitations_undelivered_email(
    settings, organization, owner, admin, django_capture_on_commit_callbacks
):
    from organizations.services.membership import membership_remove

    port, invitation = _undelivered_invitation(
        settings, organization, admin, django_capture_on_commit_callbacks
    )
    membership_remove(acting_user=owner, membership=admin.memberships.get())

    _retries_due()
    with smtp_server(port) as mailbox, django_capture_on_commit_callbacks(execute=True):
        outbox_sweep()

    # Removing a member revokes the invitations they sent: their links no longer work.
    assert mailbox.messages == []
    message = fresh(invitation.email_message)
    assert (message.status, message.body_text) == (MessageStatus.CANCELLED, "")


def test_deleting_the_organization_cancels_its_undelivered_invitation_emails(
    settings, organization, owner, django_capture_on_commit_callbacks
):
    from organizations.services.organization import organization_delete

    port, invitation = _undelivered_invitation(
        settings, organization, owner, django_capture_on_commit_callbacks
    )
    message = invitation.email_message
    organization_delete(acting_user=owner, organization=organization)

    _retries_due()
    with smtp_server(port) as mailbox, django_capture_on_commit_callbacks(execute=True):
        outbox_sweep()

    assert mailbox.messages == []
    assert fresh(message).status == MessageStatus.CANCELLED


def test_inviting_again_after_expiry_cancels_the_expired_invitations_waiting_email(
    settings, organization, owner, django_capture_on_commit_callbacks
):
    port, old = _undelivered_invitation(
        settings, organization, owner, django_capture_on_commit_callbacks
    )
    Invitation.objects.filter(pk=old.pk).update(expires_at=old.created_at)
    with smtp_server(port) as mailbox, django_capture_on_commit_callbacks(execute=True):
        new = invitation_create(acting_user=owner, organization=organization, email=INVITEE)
        _retries_due()
        outbox_sweep()

    # Only the new invitation's e-mail arrives; the superseded one's dead link never does.
    assert [received["To"] for received in mailbox.messages] == [INVITEE]
    assert new.token_hash not in str(mailbox.messages[0])
    assert fresh(old.email_message).status == MessageStatus.CANCELLED
    assert fresh(new.email_message).status == MessageStatus.SENT
