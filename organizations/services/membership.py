from collections.abc import Iterable

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.services import user_account_change, user_create_with_defaults, user_profile_update
from common.errors import InvalidInput, NotFound, PermissionDenied
from organizations.models import (
    AuditAction,
    Invitation,
    InvitationStatus,
    Membership,
    Organization,
    Securable,
    SecurableUserObjectPermission,
    Team,
    TeamMembership,
)
from organizations.roles import (
    ERR_NOT_ALLOWED,
    INVITABLE_ROLES,
    Capability,
    OrganizationRole,
    TeamRole,
    organization_role_has,
    organization_role_is_owner,
    organization_role_may_grant,
    organization_role_outranks,
)
from organizations.selectors.members import (
    organization_deciding_rights_over,
    organization_seats_taken,
)
from organizations.services.access import lock_organization, membership_of
from organizations.services.audit import audit_record
from outbox.services import outbox_cancel_all

ERR_ROLE_INVALID = _("Choose a role: admin, member or viewer.")
ERR_OWN_ROLE = _("You can't change your own role.")
ERR_OWNER_ROLE_BY_TRANSFER = _(
    "The owner's role changes only by transferring ownership to another member."
)
ERR_OUTRANKED = _("You can only act on members whose role is below your own.")
ERR_GRANT_ABOVE_OWN = _("You can't grant a role above your own.")
ERR_OWNER_NOT_GRANTABLE = _("Ownership is given only by transferring it.")
ERR_OWNER_CANNOT_BE_REMOVED = _("The owner can't be removed. Transfer ownership first.")
ERR_OWNER_CANNOT_LEAVE = _("The owner can't leave the organization. Transfer ownership first.")
ERR_REMOVE_SELF = _("You can't remove yourself; leave the organization instead.")
ERR_MEMBER_NOT_FOUND = _("Member not found.")
ERR_OWNER_ONLY = _("Only the organization's owner may do this.")
ERR_SEATS_FULL = _(
    "Your plan (%(plan)s) has %(seats)s seats, and members plus pending invitations fill them. "
    "Remove a member or an invitation, or change the plan, to invite someone new."
)


def require_seat_available(organization: Organization) -> None:
    """Refuses a new member or invitation when members plus pending invitations fill the
    plan's seats (an unlimited plan has no seat count)."""
    seats = organization.plan.seats
    if seats is not None and organization_seats_taken(organization) >= seats:
        raise InvalidInput(ERR_SEATS_FULL % {"plan": organization.plan.name, "seats": seats})


def membership_join(
    *,
    user: User,
    organization: Organization,
    role: str,
    team_role: str,
    teams: Iterable[Team] | None = None,
) -> tuple[Membership, list[Team]]:
    """Makes the user a member with ``role`` and puts them in ``teams`` with ``team_role``
    (none given, or every one deleted meanwhile: the organization's oldest team, as every
    member belongs to at least one team), in each team's permission group too; the
    organization becomes their active one. The caller holds the organization's lock and
    has checked the rules of its path; returns the membership and the teams joined."""
    membership = Membership.objects.create(user=user, organization=organization, role=role)
    teams = list(teams) if teams is not None else []
    if not teams:
        teams = list(organization.teams.select_related("group").order_by("created_at")[:1])
    TeamMembership.objects.bulk_create(
        TeamMembership(team=team, user=user, role=team_role) for team in teams
    )
    user.groups.add(*(team.group for team in teams))
    if user.active_organization_id != organization.pk:
        user.active_organization = organization
        user.save(update_fields=["active_organization", "updated_at"])
    return membership, teams


def user_reset_active_organization(*, user: User) -> None:
    """Makes the user's oldest remaining organization their active one (or none)."""
    oldest = (
        Membership.objects.filter(user=user)
        .order_by("created_at")
        .values_list("organization_id", flat=True)
        .first()
    )
    if user.active_organization_id != oldest:
        user.active_organization_id = oldest
        user.save(update_fields=["active_organization", "updated_at"])


def _locked_membership(membership: Membership) -> Membership:
    locked = (
        Membership.objects.select_for_update()
        .select_related("user", "organization")
        .filter(pk=membership.pk)
        .first()
    )
    if locked is None:
        raise NotFound(ERR_MEMBER_NOT_FOUND)
    return locked


def _check_may_manage(acting: Membership, target: Membership) -> None:
    if not organization_role_has(acting.role, Capability.MANAGE_MEMBERS):
        raise PermissionDenied(ERR_NOT_ALLOWED)
    if not organization_role_outranks(acting.role, target.role):
        raise PermissionDenied(ERR_OUTRANKED)


@transaction.atomic
def membership_change_role(*, acting_user: User, membership: Membership, role: str) -> Membership:
    """Changes a member's organization role (owner or admin, on roles below their own, never
    to a role above their own, never to or from owner, never their own)."""
    organization = lock_organization(membership.organization)
    acting = membership_of(acting_user, organization)
    target = _locked_membership(membership)
    if target.organization_id != organization.pk:
        raise NotFound(ERR_MEMBER_NOT_FOUND)
    if role not in OrganizationRole.values:
        raise InvalidInput(ERR_ROLE_INVALID, field="role")
    if target.user_id == acting_user.pk:
        raise PermissionDenied(ERR_OWN_ROLE)
    if target.role == OrganizationRole.OWNER:
        raise PermissionDenied(ERR_OWNER_ROLE_BY_TRANSFER)
    _check_may_manage(acting, target)
    if role == OrganizationRole.OWNER:
        raise PermissionDenied(ERR_OWNER_NOT_GRANTABLE)
    if not organization_role_may_grant(acting.role, role):
        raise PermissionDenied(ERR_GRANT_ABOVE_OWN)
    if target.role == role:
        return target
    previous_role = target.role
    target.role = role
    target.save(update_fields=["role", "updated_at"])
    audit_record(
        action=AuditAction.MEMBER_ROLE_CHANGED,
        organization=organization,
        actor=acting_user,
        target_user=target.user,
        data={"from": previous_role, "to": role},
    )
    return target


def _membership_detach(membership: Membership) -> dict:
    """Takes a member out of an organization; nothing they made is lost.

    Their dashboards and datasets there pass to the organization's owner, the shares they
    received on that organization's securables are revoked, their team memberships there go
    (with their place in the teams' permission groups, and so every team grant reaching them
    through those teams), the invitations they sent that are still pending are revoked, and
    their active organization moves to another of theirs. Returns counts for the audit event.
    """
    organization = membership.organization
    user = membership.user
    owner_id = (
        Membership.objects.filter(organization=organization, role=OrganizationRole.OWNER)
        .values_list("user_id", flat=True)
        .get()
    )
    securables_transferred = Securable.objects.filter(organization=organization, owner=user).update(
        owner_id=owner_id
    )
    # Owning a securable supersedes a share of it: the new owner's shares of what is now
    # theirs go, as sharing with an owner is refused.
    SecurableUserObjectPermission.objects.filter(
        user_id=owner_id, content_object__organization=organization, content_object__owner=owner_id
    ).delete()
    received_shares = SecurableUserObjectPermission.objects.filter(
        user=user, content_object__organization=organization
    )
    shares_revoked = received_shares.values("content_object_id").distinct().count()
    received_shares.delete()
    team_memberships = TeamMembership.objects.filter(team__organization=organization, user=user)
    group_ids = list(team_memberships.values_list("team__group_id", flat=True))
    removed_team_memberships, _detail = team_memberships.delete()
    user.groups.remove(*group_ids)
    their_invitations = Invitation.objects.filter(
        organization=organization, invited_by=user, status=InvitationStatus.PENDING
    )
    # Their links stop working: the e-mails still waiting would only mislead.
    outbox_cancel_all(message_ids=their_invitations.values("email_message_id"))
    revoked_invitations = their_invitations.update(
        status=InvitationStatus.REVOKED, revoked_at=timezone.now(), updated_at=timezone.now()
    )
    membership.delete()
    if user.active_organization_id == organization.pk:
        user_reset_active_organization(user=user)
    return {
        "role": membership.role,
        "team_memberships_removed": removed_team_memberships,
        "invitations_revoked": revoked_invitations,
        "securables_transferred": securables_transferred,
        "shares_revoked": shares_revoked,
    }


@transaction.atomic
def membership_remove(*, acting_user: User, membership: Membership) -> None:
    """Removes a member (owner or admin, on roles below their own; never the owner)."""
    organization = lock_organization(membership.organization)
    acting = membership_of(acting_user, organization)
    target = _locked_membership(membership)
    if target.organization_id != organization.pk:
        raise NotFound(ERR_MEMBER_NOT_FOUND)
    if target.role == OrganizationRole.OWNER:
        raise PermissionDenied(ERR_OWNER_CANNOT_BE_REMOVED)
    if target.user_id == acting_user.pk:
        raise PermissionDenied(ERR_REMOVE_SELF)
    _check_may_manage(acting, target)
    details = _membership_detach(target)
    audit_record(
        action=AuditAction.MEMBER_REMOVED,
        organization=organization,
        actor=acting_user,
        target_user=target.user,
        data=details,
    )


@transaction.atomic
def membership_leave(*, acting_user: User, organization: Organization) -> None:
    """The acting user leaves the organization; the owner can't."""
    organization = lock_organization(organization)
    membership = _locked_membership(membership_of(acting_user, organization))
    if membership.role == OrganizationRole.OWNER:
        raise PermissionDenied(ERR_OWNER_CANNOT_LEAVE)
    details = _membership_detach(membership)
    audit_record(
        action=AuditAction.MEMBER_LEFT,
        organization=organization,
        actor=acting_user,
        target_user=acting_user,
        data=details,
    )


def user_switch_active_organization(*, acting_user: User, organization: Organization) -> None:
    """Makes one of the user's organizations the active one, remembered across logins."""
    membership_of(acting_user, organization)
    if acting_user.active_organization_id != organization.pk:
        acting_user.active_organization = organization
        acting_user.save(update_fields=["active_organization", "updated_at"])


@transaction.atomic
def user_create_in_organization(
    *,
    acting_user: User,
    organization: Organization,
    email: str,
    name: str = "",
    password: str | None = None,
    city: str = "",
    locale: str = "",
    country: str = "",
    role: str = OrganizationRole.MEMBER,
) -> User:
    """The organization's owner creates a user who joins at once, with a role (never owner,
    never above the creator's), in its oldest team; without a name, the address's local part.

    Seats count as for invitations: members plus pending invitations never exceed the
    plan's seats.
    """
    organization = lock_organization(organization)
    acting = membership_of(acting_user, organization)
    if not organization_role_is_owner(acting.role):
        raise PermissionDenied(ERR_OWNER_ONLY)
    if role not in [invitable.value for invitable in INVITABLE_ROLES]:
        raise InvalidInput(ERR_ROLE_INVALID, field="role")
    if not organization_role_may_grant(acting.role, role):
        raise PermissionDenied(ERR_GRANT_ABOVE_OWN)
    require_seat_available(organization)
    user = user_create_with_defaults(
        email=email, name=name, password=password, city=city, locale=locale, country=country
    )
    _membership, teams = membership_join(
        user=user, organization=organization, role=role, team_role=TeamRole.MEMBER
    )
    audit_record(
        action=AuditAction.MEMBER_JOINED,
        organization=organization,
        actor=acting_user,
        target_user=user,
        data={
            "role": role,
            "teams": [str(team.pk) for team in teams],
            "team_role": TeamRole.MEMBER,
        },
    )
    return user


@transaction.atomic
def member_profile_update(
    *,
    acting_user: User,
    user: User,
    name: str,
    city: str,
    locale: str,
    country: str,
    organization: Organization | None = None,
) -> User:
    """Changes a user's profile (name, city, language, country): anyone their own, an
    organization's owner a member's, as Luzmo lets an owner's token update the
    organization's users. The fields are checked as in the member's own profile form.

    Without ``organization``, the one that decides the acting user's rights over the user
    (``organization_deciding_rights_over``)."""
    if organization is None:
        if user.pk == acting_user.pk:
            return user_profile_update(
                acting_user=acting_user, name=name, city=city, locale=locale, country=country
            )
        organization = organization_deciding_rights_over(acting_user=acting_user, user=user)
        if organization is None:
            raise NotFound(ERR_MEMBER_NOT_FOUND)
    organization = lock_organization(organization)
    acting = membership_of(acting_user, organization)
    if user.pk != acting_user.pk and not organization_role_is_owner(acting.role):
        raise PermissionDenied(ERR_OWNER_ONLY)
    if not Membership.objects.filter(organization=organization, user=user).exists():
        raise NotFound(ERR_MEMBER_NOT_FOUND)
    # The profile service takes the user whose profile changes as its acting user.
    return user_profile_update(
        acting_user=user, name=name, city=city, locale=locale, country=country
    )


ERR_DELETE_SELF = _("You can't delete your own account through your organization.")


@transaction.atomic
def member_delete(*, acting_user: User, organization: Organization, user: User) -> bool:
    """The owner deletes a member (Luzmo's ``delete user``): the member is removed as by
    ``membership_remove`` (nothing they made is lost), and their account is deleted when it
    belongs to no other organization and nothing else keeps it (a plugin they created).
    Returns whether the account was deleted."""
    organization = lock_organization(organization)
    acting = membership_of(acting_user, organization)
    if not organization_role_has(acting.role, Capability.MANAGE_MEMBER_ACCOUNTS):
        raise PermissionDenied(ERR_NOT_ALLOWED)
    if user.pk == acting_user.pk:
        raise PermissionDenied(ERR_DELETE_SELF)
    membership = Membership.objects.filter(organization=organization, user=user).first()
    if membership is None:
        raise NotFound(ERR_MEMBER_NOT_FOUND)
    membership_remove(acting_user=acting_user, membership=membership)
    if Membership.objects.filter(user=user).exists():
        return False
    email = user.email
    try:
        with transaction.atomic():
            user.delete()
    except ProtectedError:
        return False
    audit_record(
        action=AuditAction.ACCOUNT_DELETED,
        organization=organization,
        actor=acting_user,
        target_email=email,
    )
    return True


@transaction.atomic
def member_account_change(
    *,
    acting_user: User,
    organization: Organization,
    user: User,
    email: str | None = None,
    password: str | None = None,
) -> User:
    """Changes a login e-mail or password: one's own, or (owner) a member's of the
    organization, with the account rules of sign-up."""
    if user.pk != acting_user.pk:
        organization = lock_organization(organization)
        acting = membership_of(acting_user, organization)
        if not organization_role_has(acting.role, Capability.MANAGE_MEMBER_ACCOUNTS):
            raise PermissionDenied(ERR_NOT_ALLOWED)
        if not Membership.objects.filter(organization=organization, user=user).exists():
            raise NotFound(ERR_MEMBER_NOT_FOUND)
    user = user_account_change(user=user, email=email, password=password)
    audit_record(
        action=AuditAction.ACCOUNT_CHANGED,
        organization=organization,
        actor=acting_user,
        target_user=user,
        data={
            "changed": [
                name
                for name, value in (("email", email), ("password", password))
                if value is not None
            ]
        },
    )
    return user
