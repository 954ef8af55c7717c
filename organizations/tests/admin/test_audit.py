"""Audit events in the admin: shown, never added, changed or deleted."""

from django.urls import reverse

from organizations.models import AuditEvent
from organizations.tests.admin.helpers import (
    change_url,
    changelist_url,
)


def test_audit_events_cannot_be_added_changed_or_deleted(operator_client, organization):
    event = AuditEvent.objects.filter(organization=organization).first()
    change = change_url(event)
    delete = reverse("admin:organizations_auditevent_delete", args=[event.pk])

    assert operator_client.get(reverse("admin:organizations_auditevent_add")).status_code == 403
    assert operator_client.post(change, {"action": "member.removed"}).status_code == 403
    assert operator_client.post(delete, {"post": "yes"}).status_code == 403
    event_before = AuditEvent.objects.get(pk=event.pk)
    assert event_before.action == event.action
    response = operator_client.get(changelist_url("organizations_auditevent"))
    # Not even the bulk "delete selected" action.
    assert response.context["action_form"] is None
