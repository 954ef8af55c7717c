"""Invitation helpers shared by the service and page tests (each file has its own
``invitee`` fixture: a fixture imported from here would shadow its parameter name)."""

from datetime import timedelta

from django.utils import timezone

from organizations.models import Invitation
from organizations.services.invitation import invitation_create

INVITEE_EMAIL = "newbie@example.test"


def invite(organization, acting_user, email=INVITEE_EMAIL, **fields):
    return invitation_create(
        acting_user=acting_user, organization=organization, email=email, **fields
    )


def expire(invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
