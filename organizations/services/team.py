import uuid

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from common.errors import InvalidInput, NotFound, PermissionDenied
from common.localized import clean_localized_text
from organizations.models import (
    AuditAction,
    Membership,
    Organization,
    SecurableGroupObjectPermission,
    Team,
    TeamMembership,
)
from organizations.roles import (
    Capability,
    TeamCapability,
    TeamRole,
    organization_role_has,
    team_role_has,
    team_role_may_grant,
    team_role_outranks,
)
from organizations.services.access import lock_organization, membership_of
from organizations.services.audit import audit_record

ERR_TEAM_NAME_REQUIRED = _("Give the team a name.")
ERR_TEAM_NAME_TOO_LONG = _("A team name has at most 100 characters.")
ERR_TEAM_NAME_TAKEN = _("A team with this name already exists in the organization.")
ERR_TEAM_LIMIT = _(
    "Your plan (%(plan)s) allows %(limit)s team(s). Change the plan to create more teams."
)
ERR_MEMBER_LAST_TEAM = _(
    "This is %(user)s's only team in the organization. Add them to another team first, "
    "or remove them from the organization."
)
ERR_LAST_TEAM = _("An organization needs at least one team: this is its last one.")
ERR_TEAM_NOT_ALLOWED = _(
    "Only the organization's owner and admins, or this team's admins, may do this."
)
ERR_TEAM_MEMBER_NOT_IN_ORGANIZATION = _("Only members of the organization can join its teams.")
ERR_ALREADY_IN_TEAM = _("This user is already a member of the team.")
ERR_NOT_IN_TEAM = _("This user is not a member of the team.")
ERR_TEAM_ROLE_INVALID = _("Choose a team role: team admin, team member or team viewer.")
ERR_TEAM_OWN_ROLE = _("You can't change your own team role or remove yourself as a team admin.")
ERR_TEAM_ADMIN_RANK = _("Team admins act only on team members and viewers.")


def team_add_with_group(*, organization: Organization, name: str) -> Team:
    """Creates a team and its permission group (no checks: for the services' own use)."""
    group = Group.objects.create(name=f"team:{uuid.uuid4()}")
    return Team.objects.create(organization=organization, name=name, group=group)


def _clean_team_name(organization: Organization, name: str, *, exclude: Team | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidInput(ERR_TEAM_NAME_REQUIRED, field="name")
    if len(name) > 100:
        raise InvalidInput(ERR_TEAM_NAME_TOO_LONG, field="name")
    clashes = organization.teams.filter(name__iexact=name)
    if exclude is not None:
        clashes = clashes.exclude(pk=exclude.pk)
    if clashes.exists():
        raise InvalidInput(ERR_TEAM_NAME_TAKEN, field="name")
    return name


def _clean_name_translations(translations: dict[str, str] | None) -> dict[str, str]:
    if not translations:
        return {}
    return clean_localized_text(translations, field="name", max_length=100)


def _require_team_manager(
    acting_user: User, team: Team
) -> tuple[Membership, TeamMembership | None]:
    """Organization owners and admins manage every team; a team admin manages their team."""
    membership = membership_of(acting_user, team.organization)
    if organization_role_has(membership.role, Capability.MANAGE_TEAMS):
        return membership, None
    own_team_membership = team.memberships.filter(user=acting_user).first()
    if own_team_membership is None or not team_role_has(
        own_team_membership.role, TeamCapability.MANAGE_TEAM_MEMBERS
    ):
        raise PermissionDenied(ERR_TEAM_NOT_ALLOWED)
    return membership, own_team_membership


def _require_organization_team_manager(acting_user: User, organization: Organization) -> None:
    membership = membership_of(acting_user, organization)
    if not organization_role_has(membership.role, Capability.MANAGE_TEAMS):
        raise PermissionDenied(ERR_TEAM_NOT_ALLOWED)


def _check_team_admin_acts_below(
    acting_user: User, acting_team_membership: TeamMembership | None, target: TeamMembership | None
) -> None:
    """A team admin (who is not an organization manager) acts only on lower team roles."""
    if acting_team_membership is None or target is None:
        return
    if target.user_id == acting_user.pk:
        raise PermissionDenied(ERR_TEAM_OWN_ROLE)
    if not team_role_outranks(acting_team_membership.role, target.role):
        raise PermissionDenied(ERR_TEAM_ADMIN_RANK)


def _clean_team_role(role: str) -> str:
    if role not in TeamRole.values:
        raise InvalidInput(ERR_TEAM_ROLE_INVALID, field="role")
    return role


@transaction.atomic
def team_create(
    *,
    acting_user: User,
    organization: Organization,
    name: str,
    name_translations: dict[str, str] | None = None,
) -> Team:
    """Creates a team (owner or admin), within the plan's team limit; ``name_translations``
    keeps the name by language (``name`` being one of them)."""
    organization = lock_organization(organization)
    _require_organization_team_manager(acting_user, organization)
    name = _clean_team_name(organization, name)
    translations = _clean_name_translations(name_translations)
    limit = organization.plan.max_teams
    if limit is not None and organization.teams.count() >= limit:
        raise InvalidInput(ERR_TEAM_LIMIT % {"plan": organization.plan.name, "limit": limit})
    team = team_add_with_group(organization=organization, name=name)
    if translations:
        team.name_translations = translations
        team.save(update_fields=["name_translations"])
    audit_record(
        action=AuditAction.TEAM_CREATED,
        organization=organization,
        actor=acting_user,
        data={"team_id": str(team.pk), "team": name},
    )
    return team


@transaction.atomic
def team_rename(
    *, acting_user: User, team: Team, name: str, name_translations: dict[str, str] | None = None
) -> Team:
    """Renames a team (owner or admin). Translations given with the new name replace the old
    ones; a name given alone drops them, as they named the team before."""
    organization = lock_organization(team.organization)
    _require_organization_team_manager(acting_user, team.organization)
    old_name, old_translations = team.name, team.name_translations
    team.name = _clean_team_name(organization, name, exclude=team)
    team.name_translations = _clean_name_translations(name_translations)
    if team.name == old_name and team.name_translations == old_translations:
        return team
    team.save(update_fields=["name", "name_translations", "updated_at"])
    audit_record(
        action=AuditAction.TEAM_RENAMED,
        organization=organization,
        actor=acting_user,
        data={"team_id": str(team.pk), "from": old_name, "to": team.name},
    )
    return team


@transaction.atomic
def team_delete(*, acting_user: User, team: Team) -> None:
    """Deletes a team, its memberships and its permission group with every grant made to
    it; an organization's last team can't be deleted."""
    organization = lock_organization(team.organization)
    _require_organization_team_manager(acting_user, team.organization)
    if organization.teams.count() <= 1:
        raise InvalidInput(ERR_LAST_TEAM)
    # Every member belongs to at least one team: members for whom this was the only team
    # move to the organization's oldest remaining team, keeping their team role.
    fallback = organization.teams.exclude(pk=team.pk).order_by("created_at").first()
    in_other_teams = TeamMembership.objects.filter(team__organization=organization).exclude(
        team=team
    )
    orphans = list(
        team.memberships.exclude(user_id__in=in_other_teams.values("user_id")).select_related(
            "user"
        )
    )
    TeamMembership.objects.bulk_create(
        TeamMembership(team=fallback, user=orphan.user, role=orphan.role) for orphan in orphans
    )
    fallback.group.user_set.add(*(orphan.user for orphan in orphans))
    # The securables shared with the team: the shares go with its group (their foreign key
    # cascades).
    shares_revoked = (
        SecurableGroupObjectPermission.objects.filter(group=team.group_id)
        .values("content_object_id")
        .distinct()
        .count()
    )
    audit_record(
        action=AuditAction.TEAM_DELETED,
        organization=organization,
        actor=acting_user,
        data={
            "team_id": str(team.pk),
            "team": team.name,
            "members_moved_to": fallback.name if orphans else None,
            "members_moved": len(orphans),
            "shares_revoked": shares_revoked,
        },
    )
    group = team.group
    team.delete()
    group.delete()


@transaction.atomic
def team_member_add(
    *, acting_user: User, team: Team, user: User, role: str = TeamRole.MEMBER
) -> TeamMembership:
    """Adds a member of the organization to one of its teams."""
    organization = lock_organization(team.organization)
    _membership, acting_team_membership = _require_team_manager(acting_user, team)
    role = _clean_team_role(role)
    if acting_team_membership is not None and not team_role_may_grant(
        acting_team_membership.role, role
    ):
        raise PermissionDenied(ERR_TEAM_ADMIN_RANK)
    if not Membership.objects.filter(organization=organization, user=user).exists():
        raise InvalidInput(ERR_TEAM_MEMBER_NOT_IN_ORGANIZATION, field="user")
    if team.memberships.filter(user=user).exists():
        raise InvalidInput(ERR_ALREADY_IN_TEAM, field="user")
    team_membership = team.memberships.create(user=user, role=role)
    user.groups.add(team.group)
    audit_record(
        action=AuditAction.TEAM_MEMBER_ADDED,
        organization=organization,
        actor=acting_user,
        target_user=user,
        data={"team_id": str(team.pk), "team": team.name, "role": role},
    )
    return team_membership


def _team_membership_of(team: Team, user: User) -> TeamMembership:
    team_membership = team.memberships.select_for_update().filter(user=user).first()
    if team_membership is None:
        raise NotFound(ERR_NOT_IN_TEAM)
    return team_membership


@transaction.atomic
def team_member_remove(*, acting_user: User, team: Team, user: User) -> None:
    organization = lock_organization(team.organization)
    _membership, acting_team_membership = _require_team_manager(acting_user, team)
    target = _team_membership_of(team, user)
    _check_team_admin_acts_below(acting_user, acting_team_membership, target)
    if (
        not TeamMembership.objects.filter(team__organization=organization, user=user)
        .exclude(team=team)
        .exists()
    ):
        raise InvalidInput(ERR_MEMBER_LAST_TEAM % {"user": user.get_full_name()})
    target.delete()
    user.groups.remove(team.group)
    audit_record(
        action=AuditAction.TEAM_MEMBER_REMOVED,
        organization=organization,
        actor=acting_user,
        target_user=user,
        data={"team_id": str(team.pk), "team": team.name},
    )


@transaction.atomic
def team_member_change_role(
    *, acting_user: User, team: Team, user: User, role: str
) -> TeamMembership:
    organization = lock_organization(team.organization)
    _membership, acting_team_membership = _require_team_manager(acting_user, team)
    role = _clean_team_role(role)
    target = _team_membership_of(team, user)
    _check_team_admin_acts_below(acting_user, acting_team_membership, target)
    if acting_team_membership is not None and not team_role_may_grant(
        acting_team_membership.role, role
    ):
        raise PermissionDenied(ERR_TEAM_ADMIN_RANK)
    if target.role == role:
        return target
    previous_role = target.role
    target.role = role
    target.save(update_fields=["role", "updated_at"])
    audit_record(
        action=AuditAction.TEAM_MEMBER_ROLE_CHANGED,
        organization=organization,
        actor=acting_user,
        target_user=user,
        data={"team_id": str(team.pk), "team": team.name, "from": previous_role, "to": role},
    )
    return target
