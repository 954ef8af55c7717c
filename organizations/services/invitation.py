import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User, email_normalize
from accounts.services import user_email_clean, user_signup
from common.errors import InvalidInput, NotFound, PermissionDenied
from common.hashing import token_hash
from organizations.emails import invitation_email_enqueue
from organizations.models import (
    AuditAction,
    Invitation,
    InvitationStatus,
    Membership,
    Organization,
    Team,
)
from organizations.roles import (
    Capability,
    OrganizationRole,
    TeamRole,
    organization_role_may_grant,
)
from organizations.selectors.invitations import invitation_by_token
from organizations.services.access import (
    lock_organization,
    require_capability,
    require_operator,
)
from organizations.services.audit import audit_record
from organizations.services.membership import membership_join, require_seat_available
from outbox.services import outbox_cancel, outbox_cancel_all

ERR_ALREADY_MEMBER = _("%(email)s is already a member of this organization.")
ERR_ALREADY_INVITED = _(
    "%(email)s already has a pending invitation to this organization. Resend it instead."
)
ERR_INVITE_OWNER = _("Ownership can't be given by invitation; invite as admin and transfer it.")
ERR_INVITE_ROLE_INVALID = _("Choose a role: admin, member or viewer.")
ERR_INVITE_ROLE_ABOVE_OWN = _("You can't invite someone with a role above your own.")
ERR_TEAM_ROLE_INVALID = _("Choose a team role: team admin, team member or team viewer.")
ERR_TEAMS_REQUIRED = _("Select at least one team.")
ERR_TEAM_OUTSIDE = _("Select teams of this organization only.")
ERR_NOTE_TOO_LONG = _("The note has at most 2000 characters.")
ERR_INVITATION_NOT_PENDING = _("Only a pending or expired invitation can be changed.")
ERR_INVITATION_NOT_FOUND = _("Invitation not found.")
ERR_LINK_USED = _("This invitation has already been accepted.")
ERR_LINK_REVOKED = _("This invitation was withdrawn or replaced by a newer one.")
ERR_LINK_EXPIRED = _(
    "This invitation has expired. Ask the organization's owner or an admin to resend it."
)
ERR_WRONG_ACCOUNT = _(
    "This invitation was sent to %(invited)s, but you are logged in as %(current)s. "
    "Log out and open the link again, or ask for an invitation to your own address."
)


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def _issue(invitation: Invitation, teams: Iterable[Team]) -> Invitation:
    """Saves the invitation with a fresh token, and its e-mail in the outbox (same
    transaction: it is sent after commit, by a worker)."""
    token, token_hash = _new_token()
    invitation.token_hash = token_hash
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation.sent_at + timedelta(days=settings.INVITATION_VALIDITY_DAYS)
    invitation.email_message = invitation_email_enqueue(invitation=invitation, token=token)
    invitation.save()
    invitation.teams.set(teams)
    # Handed back to the caller only (never stored) so that it can show or test the link.
    invitation.token = token
    return invitation


@transaction.atomic
def invitation_create(
    *,
    acting_user: User,
    organization: Organization,
    email: str,
    name: str = "",
    role: str = OrganizationRole.MEMBER,
    teams: Iterable[Team] | None = None,
    team_role: str = TeamRole.MEMBER,
    note: str = "",
) -> Invitation:
    """Invites someone by e-mail (owner or admin) to join with a role and teams.

    Refused for existing members, for an address with a pending invitation, above the
    inviter's role, and when members plus pending invitations fill the plan's seats. An
    expired invitation to the same address is replaced.
    """
    organization = lock_organization(organization)
    # Read after the lock: an inviter removed meanwhile must not leave an invitation behind.
    acting = require_capability(acting_user, organization, Capability.MANAGE_INVITATIONS)
    email = user_email_clean(email)
    if role == OrganizationRole.OWNER:
        raise InvalidInput(ERR_INVITE_OWNER, field="role")
    if role not in OrganizationRole.values:
        raise InvalidInput(ERR_INVITE_ROLE_INVALID, field="role")
    if not organization_role_may_grant(acting.role, role):
        raise PermissionDenied(ERR_INVITE_ROLE_ABOVE_OWN)
    if team_role not in TeamRole.values:
        raise InvalidInput(ERR_TEAM_ROLE_INVALID, field="team_role")
    if len(note or "") > 2000:
        raise InvalidInput(ERR_NOTE_TOO_LONG, field="note")
    teams = (
        list(teams) if teams is not None else list(organization.teams.order_by("created_at")[:1])
    )
    if not teams:
        raise InvalidInput(ERR_TEAMS_REQUIRED, field="teams")
    if any(team.organization_id != organization.pk for team in teams):
        raise InvalidInput(ERR_TEAM_OUTSIDE, field="teams")
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise InvalidInput(ERR_ALREADY_MEMBER % {"email": email}, field="email")
    if Invitation.objects.filter(organization=organization, email__iexact=email).pending().exists():
        raise InvalidInput(ERR_ALREADY_INVITED % {"email": email}, field="email")
    # An expired invitation holds no seat; it is superseded by the new one (and an e-mail
    # of it still waiting for a retry is not sent).
    superseded = Invitation.objects.filter(
        organization=organization, email__iexact=email, status=InvitationStatus.PENDING
    )
    outbox_cancel_all(message_ids=superseded.values("email_message_id"))
    superseded.update(
        status=InvitationStatus.REVOKED, revoked_at=timezone.now(), updated_at=timezone.now()
    )
    require_seat_available(organization)
    invitation = _issue(
        Invitation(
            organization=organization,
            email=email,
            name=(name or "").strip()[:150],
            role=role,
            team_role=team_role,
            note=(note or "").strip(),
            invited_by=acting_user,
        ),
        teams,
    )
    audit_record(
        action=AuditAction.INVITATION_SENT,
        organization=organization,
        actor=acting_user,
        target_email=email,
        data={"invitation_id": str(invitation.pk), "role": role, "team_role": team_role},
    )
    return invitation


def _locked_invitation(invitation: Invitation, organization: Organization) -> Invitation:
    locked = (
        Invitation.objects.select_for_update()
        .filter(pk=invitation.pk, organization=organization)
        .first()
    )
    if locked is None:
        raise NotFound(ERR_INVITATION_NOT_FOUND)
    if locked.status != InvitationStatus.PENDING:
        raise InvalidInput(ERR_INVITATION_NOT_PENDING)
    return locked


@transaction.atomic
def invitation_revoke(
    *, acting_user: User, invitation: Invitation, as_operator: bool = False
) -> Invitation:
    """Withdraws a pending or expired invitation (owner or admin, or an operator); its link
    stops working."""
    organization = lock_organization(invitation.organization)
    if as_operator:
        require_operator(acting_user)
    else:
        require_capability(acting_user, organization, Capability.MANAGE_INVITATIONS)
    invitation = _locked_invitation(invitation, organization)
    invitation.status = InvitationStatus.REVOKED
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["status", "revoked_at", "updated_at"])
    # Its link no longer works: an e-mail still waiting to be delivered would only mislead.
    outbox_cancel(message_id=invitation.email_message_id)
    audit_record(
        action=AuditAction.INVITATION_REVOKED,
        organization=organization,
        actor=acting_user,
        target_email=invitation.email,
        by_operator=as_operator,
        data={"invitation_id": str(invitation.pk)},
    )
    return invitation


@transaction.atomic
def invitation_resend(
    *, acting_user: User, invitation: Invitation, as_operator: bool = False
) -> Invitation:
    """Revokes a pending or expired invitation and sends a new one with a new 7-day link
    (owner or admin, or an operator)."""
    organization = lock_organization(invitation.organization)
    if as_operator:
        require_operator(acting_user)
    else:
        acting = require_capability(acting_user, organization, Capability.MANAGE_INVITATIONS)
    old = _locked_invitation(invitation, organization)
    if not as_operator and not organization_role_may_grant(acting.role, old.role):
        raise PermissionDenied(ERR_INVITE_ROLE_ABOVE_OWN)
    # Every invited team was deleted meanwhile: invite to the oldest team, as accepting would.
    teams = list(old.teams.all()) or list(organization.teams.order_by("created_at")[:1])
    was_holding_seat = not old.is_expired
    old.status = InvitationStatus.REVOKED
    old.revoked_at = timezone.now()
    old.save(update_fields=["status", "revoked_at", "updated_at"])
    outbox_cancel(message_id=old.email_message_id)
    if not was_holding_seat:
        require_seat_available(organization)
    new = _issue(
        Invitation(
            organization=organization,
            email=old.email,
            name=old.name,
            role=old.role,
            team_role=old.team_role,
            note=old.note,
            # An operator resends on the organization's behalf: the invitee still hears
            # from the member who invited them, and that member's removal still revokes it.
            invited_by=old.invited_by if as_operator else acting_user,
        ),
        teams,
    )
    audit_record(
        action=AuditAction.INVITATION_RESENT,
        organization=organization,
        actor=acting_user,
        target_email=new.email,
        by_operator=as_operator,
        data={"invitation_id": str(new.pk), "replaces": str(old.pk)},
    )
    return new


def invitation_check_acceptable(invitation: Invitation, *, user: User | None = None) -> None:
    """Raises the clear refusal for a used, withdrawn or expired invitation and, given the
    user who would accept it, for an account other than the invited address."""
    if invitation.status == InvitationStatus.ACCEPTED:
        raise InvalidInput(ERR_LINK_USED)
    if invitation.status == InvitationStatus.REVOKED:
        raise InvalidInput(ERR_LINK_REVOKED)
    if invitation.is_expired:
        raise InvalidInput(ERR_LINK_EXPIRED)
    if user is not None and email_normalize(invitation.email) != email_normalize(user.email):
        raise PermissionDenied(
            ERR_WRONG_ACCOUNT % {"invited": invitation.email, "current": user.email}
        )


@transaction.atomic
def invitation_accept(*, acting_user: User, token: str) -> Membership:
    """Accepts an invitation with its link's token: the user joins the organization with the
    invited role, and the invited teams with the invited team role, all or nothing.

    Single use: accepting twice, after expiry or after revocation changes nothing.
    """
    invitation = invitation_by_token(token)
    organization = lock_organization(invitation.organization)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation_check_acceptable(invitation, user=acting_user)
    if Membership.objects.filter(organization=organization, user=acting_user).exists():
        raise InvalidInput(ERR_ALREADY_MEMBER % {"email": acting_user.email})
    # Every invited team deleted meanwhile: the member joins the oldest team.
    membership, teams = membership_join(
        user=acting_user,
        organization=organization,
        role=invitation.role,
        teams=invitation.teams.select_related("group"),
        team_role=invitation.team_role,
    )
    invitation.status = InvitationStatus.ACCEPTED
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = acting_user
    invitation.save(update_fields=["status", "accepted_at", "accepted_by", "updated_at"])
    audit_record(
        action=AuditAction.INVITATION_ACCEPTED,
        organization=organization,
        actor=acting_user,
        target_user=acting_user,
        data={
            "invitation_id": str(invitation.pk),
            "role": invitation.role,
            "teams": [str(team.pk) for team in teams],
            "team_role": invitation.team_role,
        },
    )
    return membership


@transaction.atomic
def invitation_accept_with_signup(*, token: str, email: str, name: str, password: str) -> User:
    """Signs up from an invitation's link and accepts it in the same transaction: the
    account exists only if the invitation could be accepted."""
    user = user_signup(email=email, name=name, password=password)
    invitation_accept(acting_user=user, token=token)
    return user
