"""Reads of the organization domain: querysets with the joins their pages need.

Each selector decides its joins once, so a page or an endpoint that lists its rows runs a
fixed number of queries whatever the number of rows.
"""

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from organizations.models import (
    AuditEvent,
    Organization,
)


def organization_audit_events(organization: Organization) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(organization=organization).select_related(
        "actor", "target_user"
    )


def organization_audit_events_filtered(
    organization: Organization,
    *,
    action: str = "",
    actor_id: Any = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    """The organization's events, newest first, narrowed to an action, an actor and a range
    of days (both ends included, in the site's time zone)."""
    events = organization_audit_events(organization)
    if action:
        events = events.filter(action=action)
    if actor_id:
        events = events.filter(actor_id=actor_id)
    if since:
        events = events.filter(created_at__date__gte=since)
    if until:
        events = events.filter(created_at__date__lte=until)
    return events.order_by("-created_at", "-pk")


def organization_audit_actors(organization: Organization) -> QuerySet:
    """The people who appear as the actor of the organization's events (members or not
    any more), by name: the choices of the audit log's Who filter."""
    return (
        get_user_model()
        .objects.filter(
            pk__in=AuditEvent.objects.filter(organization=organization)
            .exclude(actor=None)
            .values("actor_id")
        )
        .order_by("name", "email")
    )
