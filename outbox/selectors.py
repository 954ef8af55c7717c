"""Reads of the outbox."""

from datetime import datetime

from django.db.models import QuerySet

from outbox.models import MessageStatus, OutboxMessage


def outbox_undelivered_since(moment: datetime) -> QuerySet[OutboxMessage]:
    """Messages recorded since ``moment`` that an attempt failed to send (waiting for the
    next attempt, or failed for good), oldest first."""
    return (
        OutboxMessage.objects.filter(
            created_at__gte=moment, status__in=[MessageStatus.PENDING, MessageStatus.FAILED]
        )
        .exclude(last_error="")
        .order_by("created_at")
    )
