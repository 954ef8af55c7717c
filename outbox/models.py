"""The transactional outbox: one row per e-mail to send.

The row is written in the same transaction as what caused the e-mail (an invitation, a
password reset), so a rolled-back change never sends anything and a committed one is never
lost: the Celery task that delivers it may fail, the row stays until it is sent or marked
failed. The body holds the message's links (invitation and reset tokens): it is erased once
the message is sent, never shown in the admin and never logged.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MessageStatus(models.TextChoices):
    # Waiting for its first or next attempt (at next_attempt_at).
    PENDING = "pending", _("Pending")
    # Claimed by a worker that is talking to the mail server right now.
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    # Gave up after the last attempt; an operator may retry it.
    FAILED = "failed", _("Failed")
    # No longer worth sending (the invitation it carried was withdrawn or replaced).
    CANCELLED = "cancelled", _("Cancelled")


class OutboxMessage(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=40)
    from_email = models.CharField(_("from"), max_length=254)
    to = models.TextField(_("to"), help_text=_("Recipients, separated by commas."))
    subject = models.TextField(_("subject"))
    body_text = models.TextField(_("text body"), blank=True)
    body_html = models.TextField(_("HTML body"), blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("e-mail message")
        verbose_name_plural = _("e-mail messages")
        ordering = ["-created_at"]
        indexes = [models.Index("status", "next_attempt_at", name="outbox_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=MessageStatus.values), name="outbox_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"

    @property
    def recipients(self) -> list[str]:
        return [address.strip() for address in self.to.split(",") if address.strip()]
