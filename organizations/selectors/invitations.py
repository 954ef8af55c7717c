"""Reads of the organization domain: querysets with the joins their pages need.

Each selector decides its joins once, so a page or an endpoint that lists its rows runs a
fixed number of queries whatever the number of rows.
"""

from django.db.models import F, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from common.errors import NotFound
from common.hashing import token_hash
from organizations.models import (
    Invitation,
    InvitationStatus,
    Organization,
    Team,
)

ERR_LINK_INVALID = _("This invitation link is not valid. Ask for a new invitation.")


def invitation_by_token(token: str) -> Invitation:
    """The invitation a link's token names, whatever its status, or NotFound."""
    invitation = (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(token_hash=token_hash(token or ""))
        .first()
    )
    if invitation is None:
        raise NotFound(ERR_LINK_INVALID)
    return invitation


def organization_invitations(
    organization: Organization, *, statuses: list[str] | None = None
) -> QuerySet[Invitation]:
    """Invitations with ``display_status`` (pending, expired, accepted, revoked),
    ``email_status`` (their e-mail's outbox status: ``failed`` when it could not be
    delivered), their teams and inviter (two queries). By default: pending and expired ones."""
    statuses = statuses or [InvitationStatus.PENDING, InvitationStatus.EXPIRED]
    return (
        Invitation.objects.filter(organization=organization)
        .with_display_status()
        .filter(display_status__in=statuses)
        .annotate(email_status=F("email_message__status"))
        .select_related("invited_by")
        .prefetch_related(Prefetch("teams", queryset=Team.objects.order_by("name")))
        .order_by("-sent_at")
    )
