"""Writes of the outbox: record a message, deliver it (one attempt), retry, cancel, sweep.

Delivery is at least once and, short of a worker dying between the mail server's "250 OK"
and the row's update, exactly once: a worker claims a due message with one conditional
UPDATE before talking to the mail server, so a message queued twice (by the commit and by
the sweep, or twice by a Redis redelivery) is still sent once. Every attempt sends the same
Message-ID, so a receiver can recognise the rare duplicate.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from email.utils import make_msgid, parseaddr
from functools import partial

from celery import current_app
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerError

from common.errors import PermissionDenied
from outbox.models import MessageStatus, OutboxMessage

logger = logging.getLogger(__name__)

DELIVER_TASK = "outbox.deliver"

ERR_NOT_AN_OPERATOR = _("Only operators may send e-mail messages again.")


@dataclass(frozen=True)
class DeliveryOutcome:
    """What one delivery attempt did: ``status`` is the message's status afterwards, or
    ``skipped`` when the message was not due (sent, claimed by another worker, cancelled)."""

    status: str
    retry_in: float | None = None


def _message_id_domain() -> str:
    # Not socket.getfqdn() as Django does: a slow resolver must not slow the request down.
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"


@transaction.atomic
def outbox_enqueue(*, message: EmailMessage, kind: str) -> OutboxMessage:
    """Records ``message`` in the caller's transaction; a task sends it once that commits.

    A rolled-back transaction leaves no row and sends nothing; a committed one is never lost.
    """
    html_body = (
        next(
            (content for content, mimetype in message.alternatives if mimetype == "text/html"),
            "",
        )
        if isinstance(message, EmailMultiAlternatives)
        else ""
    )
    row = OutboxMessage.objects.create(
        kind=kind,
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        to=", ".join(message.to),
        subject=str(message.subject),
        body_text=message.body,
        body_html=html_body,
        message_id=make_msgid(domain=_message_id_domain()),
    )
    transaction.on_commit(partial(_dispatch, row.pk))
    return row


def _dispatch(message_id) -> None:
    """Queues a delivery task; with the broker down the row waits for the sweep instead.
    The task is found by name (outbox.tasks, a front door over these services, registers
    it when the app is ready), so this module doesn't import its own caller."""
    try:
        current_app.tasks[DELIVER_TASK].delay(str(message_id))
    except BrokerError:
        logger.warning(
            "outbox: message %s not queued (broker unavailable); the sweep will queue it",
            message_id,
            exc_info=True,
        )


def _email_of(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=message.from_email,
        to=message.recipients,
        headers={"Message-ID": message.message_id},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    return email


def retry_delay(attempts: int) -> float:
    """Seconds before the next attempt after ``attempts`` failed ones: doubling each time."""
    return min(
        settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0),
        settings.OUTBOX_RETRY_MAX_SECONDS,
    )


def _is_permanent(error: Exception) -> bool:
    """Every recipient refused with a 5xx: sending again would be refused again."""
    return isinstance(error, smtplib.SMTPRecipientsRefused) and all(
        code >= 500 for code, _reply in error.recipients.values()
    )


def outbox_deliver(*, message_id) -> DeliveryOutcome:
    """Makes one attempt at sending a due message, recording its outcome.

    Not atomic on purpose: no transaction stays open while the mail server is slow (its
    timeout is ``EMAIL_TIMEOUT``). The claim, the send and the outcome are three steps.
    """
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(
        pk=message_id, status=MessageStatus.PENDING, next_attempt_at__lte=now
    ).update(
        status=MessageStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now
    )
    if not claimed:
        return DeliveryOutcome("skipped")
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        _email_of(message).send()
    except Exception as error:  # whatever the backend raised is recorded and retried
        return _record_failure(message, error)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENT,
        sent_at=timezone.now(),
        # The bodies carry the links' tokens: nothing keeps them once they are delivered.
        body_text="",
        body_html="",
        last_error="",
        claimed_at=None,
        updated_at=timezone.now(),
    )
    logger.info(
        "outbox: message %s (%s) sent to %s, attempt %d",
        message.pk,
        message.kind,
        message.to,
        message.attempts,
    )
    return DeliveryOutcome(MessageStatus.SENT)


def _record_failure(message: OutboxMessage, error: Exception) -> DeliveryOutcome:
    # The exception's text is the mail server's reply or the socket error, never the body.
    reason = f"{type(error).__name__}: {error}"[:500]
    now = timezone.now()
    if _is_permanent(error) or message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=MessageStatus.FAILED, last_error=reason, claimed_at=None, updated_at=now
        )
        logger.error(
            "outbox: message %s (%s) to %s not delivered after %d attempt(s): %s",
            message.pk,
            message.kind,
            message.to,
            message.attempts,
            reason,
        )
        return DeliveryOutcome(MessageStatus.FAILED)
    delay = retry_delay(message.attempts)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=MessageStatus.PENDING,
        next_attempt_at=now + timedelta(seconds=delay),
        last_error=reason,
        claimed_at=None,
        updated_at=now,
    )
    logger.warning(
        "outbox: message %s (%s) to %s, attempt %d failed, next in %ss: %s",
        message.pk,
        message.kind,
        message.to,
        message.attempts,
        delay,
        reason,
    )
    return DeliveryOutcome(MessageStatus.PENDING, retry_in=delay)


@transaction.atomic
def outbox_retry(*, acting_user: AbstractBaseUser, messages: QuerySet[OutboxMessage]) -> int:
    """An operator sends failed messages again: a new round of attempts, starting now.
    Returns how many were failed (the others are left as they are)."""
    if not (
        acting_user.is_active
        and acting_user.is_staff
        and acting_user.has_perm("outbox.change_outboxmessage")
    ):
        raise PermissionDenied(ERR_NOT_AN_OPERATOR)
    message_ids = list(
        messages.select_for_update()
        .filter(status=MessageStatus.FAILED)
        .values_list("pk", flat=True)
    )
    OutboxMessage.objects.filter(pk__in=message_ids).update(
        status=MessageStatus.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        updated_at=timezone.now(),
    )
    for message_id in message_ids:
        transaction.on_commit(partial(_dispatch, message_id))
    logger.info("outbox: %s queued %d failed message(s) again", acting_user.pk, len(message_ids))
    return len(message_ids)


def outbox_cancel(*, message_id) -> bool:
    """A message whose content no longer holds (its invitation was withdrawn or replaced)
    is never sent, if it has not been yet."""
    if message_id is None:
        return False
    return bool(outbox_cancel_all(message_ids=[message_id]))


def outbox_cancel_all(*, message_ids) -> int:
    """``outbox_cancel`` for several messages at once: ``message_ids`` is a list or a
    subquery of ids (e.g. the e-mails of the invitations an operation ends), so that ending
    many costs one UPDATE. Returns how many were still unsent and are now cancelled."""
    return OutboxMessage.objects.filter(
        pk__in=message_ids, status__in=[MessageStatus.PENDING, MessageStatus.FAILED]
    ).update(status=MessageStatus.CANCELLED, body_text="", body_html="", updated_at=timezone.now())


def outbox_sweep(*, limit: int = 500) -> int:
    """Queues again what a broker outage or a lost task left behind: the due pending messages,
    and those claimed by a worker that died mid-send. Returns how many were queued."""
    now = timezone.now()
    OutboxMessage.objects.filter(
        status=MessageStatus.SENDING,
        claimed_at__lt=now - timedelta(seconds=settings.OUTBOX_SENDING_STALE_SECONDS),
    ).update(status=MessageStatus.PENDING, next_attempt_at=now, claimed_at=None, updated_at=now)
    due = list(
        OutboxMessage.objects.filter(status=MessageStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for message_id in due:
        _dispatch(message_id)
    return len(due)
