"""The outbox's rules, with the task run at once (eager) or called directly: recorded in the
cause's transaction, sent once, retried with backoff, failed for good, swept, retried by
operators, and no link kept or logged."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from common.errors import PermissionDenied
from organizations.services.invitation import invitation_create, invitation_revoke
from organizations.tests.factories import UserFactory
from outbox.models import MessageStatus, OutboxMessage
from outbox.services import (
    outbox_deliver,
    outbox_enqueue,
    outbox_retry,
    outbox_sweep,
    retry_delay,
)
from outbox.tasks import outbox_deliver_task


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every recipient for good (550)."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused(
            {address: (550, b"No such user") for m in email_messages for address in m.to}
        )


class DownBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


def a_message(to="someone@example.test") -> EmailMultiAlternatives:
    message = EmailMultiAlternatives("Hello", "Text with a secret link", to=[to])
    message.attach_alternative("<p>HTML with a secret link</p>", "text/html")
    return message


def test_a_rolled_back_transaction_leaves_no_message_and_sends_nothing(
    db, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        outbox_enqueue(message=a_message(), kind="test")
        raise RuntimeError("the cause failed")

    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_a_committed_message_is_sent_after_commit_with_both_parts_and_its_message_id(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        row = outbox_enqueue(message=a_message(), kind="test")
        assert mail.outbox == []  # nothing is sent inside the transaction

    assert len(callbacks) == 1
    [sent] = mail.outbox
    assert sent.to == ["someone@example.test"]
    assert sent.alternatives[0].mimetype == "text/html"
    assert sent.extra_headers["Message-ID"] == row.message_id
    row.refresh_from_db()
    assert (row.status, row.attempts, row.body_text, row.body_html) == ("sent", 1, "", "")
    assert row.sent_at is not None


def test_a_message_queued_twice_is_sent_once(db):
    row = outbox_enqueue(message=a_message(), kind="test")

    first = outbox_deliver(message_id=row.pk)
    second = outbox_deliver(message_id=row.pk)

    assert (first.status, second.status) == ("sent", "skipped")
    assert len(mail.outbox) == 1


def test_a_failed_attempt_is_retried_later_with_a_doubling_delay(db, settings):
    settings.EMAIL_BACKEND = "outbox.tests.test_services.DownBackend"
    settings.OUTBOX_RETRY_BASE_SECONDS = 30
    settings.OUTBOX_RETRY_MAX_SECONDS = 1800
    row = outbox_enqueue(message=a_message(), kind="test")

    outcome = outbox_deliver(message_id=row.pk)

    row.refresh_from_db()
    assert (outcome.status, outcome.retry_in) == ("pending", 30)
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.last_error == "ConnectionRefusedError: [Errno 111] Connection refused"
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=25)
    # Not due yet: a task arriving early changes nothing.
    assert outbox_deliver(message_id=row.pk).status == "skipped"
    assert [retry_delay(attempts) for attempts in (1, 2, 3, 7, 8)] == [30, 60, 120, 1800, 1800]


def test_a_message_failing_on_its_last_attempt_is_marked_failed(db, settings):
    settings.EMAIL_BACKEND = "outbox.tests.test_services.DownBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 2
    row = outbox_enqueue(message=a_message(), kind="test")
    outbox_deliver(message_id=row.pk)
    OutboxMessage.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())

    outcome = outbox_deliver(message_id=row.pk)

    row.refresh_from_db()
    assert (outcome.status, row.status, row.attempts) == ("failed", "failed", 2)
    assert outbox_sweep() == 0  # failed messages wait for an operator


def test_recipients_refused_for_good_fail_at_once(db, settings):
    settings.EMAIL_BACKEND = "outbox.tests.test_services.RefusingBackend"
    row = outbox_enqueue(message=a_message(), kind="test")

    outcome = outbox_deliver(message_id=row.pk)

    row.refresh_from_db()
    assert (outcome.status, row.attempts) == ("failed", 1)
    assert "550" in row.last_error


def test_the_task_queues_its_own_retry_with_the_backoff_as_countdown(db, settings, monkeypatch):
    settings.EMAIL_BACKEND = "outbox.tests.test_services.DownBackend"
    settings.OUTBOX_RETRY_BASE_SECONDS = 30
    row = outbox_enqueue(message=a_message(), kind="test")
    queued = []
    monkeypatch.setattr(
        outbox_deliver_task, "apply_async", lambda args, **options: queued.append((args, options))
    )

    outbox_deliver_task(str(row.pk))

    assert queued == [((str(row.pk),), {"countdown": 30})]


def test_with_the_broker_down_the_cause_commits_and_the_sweep_sends_later(
    db, owner, organization, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as patched:
        patched.setattr(outbox_deliver_task, "delay", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            invitation = invitation_create(
                acting_user=owner, organization=organization, email="newbie@example.test"
            )

    assert invitation.email_message.status == MessageStatus.PENDING
    assert mail.outbox == []
    assert "the sweep will queue it" in caplog.text

    assert outbox_sweep() == 1
    assert [message.to for message in mail.outbox] == [["newbie@example.test"]]


def test_the_sweep_requeues_messages_of_a_worker_that_died_mid_send(db, settings):
    settings.OUTBOX_SENDING_STALE_SECONDS = 600
    stale = outbox_enqueue(message=a_message("stale@example.test"), kind="test")
    busy = outbox_enqueue(message=a_message("busy@example.test"), kind="test")
    later = outbox_enqueue(message=a_message("later@example.test"), kind="test")
    now = timezone.now()
    OutboxMessage.objects.filter(pk=stale.pk).update(
        status=MessageStatus.SENDING, claimed_at=now - timedelta(seconds=601)
    )
    OutboxMessage.objects.filter(pk=busy.pk).update(status=MessageStatus.SENDING, claimed_at=now)
    OutboxMessage.objects.filter(pk=later.pk).update(next_attempt_at=now + timedelta(minutes=5))

    assert outbox_sweep() == 1

    assert [message.to for message in mail.outbox] == [["stale@example.test"]]
    assert OutboxMessage.objects.get(pk=busy.pk).status == MessageStatus.SENDING
    assert OutboxMessage.objects.get(pk=later.pk).status == MessageStatus.PENDING


def test_only_operators_retry_and_only_failed_messages_start_again(
    db, settings, member, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "outbox.tests.test_services.RefusingBackend"
    failed = outbox_enqueue(message=a_message("failed@example.test"), kind="test")
    outbox_deliver(message_id=failed.pk)
    waiting = outbox_enqueue(message=a_message("waiting@example.test"), kind="test")
    operator = UserFactory(is_staff=True, is_superuser=True)

    with pytest.raises(PermissionDenied):
        outbox_retry(acting_user=member, messages=OutboxMessage.objects.all())
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        count = outbox_retry(acting_user=operator, messages=OutboxMessage.objects.all())

    assert count == 1
    assert [message.to for message in mail.outbox] == [["failed@example.test"]]
    assert OutboxMessage.objects.get(pk=waiting.pk).attempts == 0


def test_a_withdrawn_invitation_is_never_sent(db, owner, organization):
    invitation = invitation_create(
        acting_user=owner, organization=organization, email="newbie@example.test"
    )

    invitation_revoke(acting_user=owner, invitation=invitation)

    message = OutboxMessage.objects.get(pk=invitation.email_message_id)
    assert (message.status, message.body_text) == (MessageStatus.CANCELLED, "")
    assert outbox_deliver(message_id=message.pk).status == "skipped"
    assert mail.outbox == []


def test_no_link_is_logged_whether_delivery_fails_or_succeeds(
    db, settings, owner, organization, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "outbox.tests.test_services.DownBackend"
    caplog.set_level("DEBUG")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            acting_user=owner, organization=organization, email="newbie@example.test"
        )
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    outbox_sweep()

    assert invitation.token in mail.outbox[0].body
    assert "newbie@example.test" in caplog.text
    assert invitation.token not in caplog.text
    assert "/invitations/" not in caplog.text
