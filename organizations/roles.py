"""Roles and what each may do, declared once as data.

Every permission check in orgsite asks this module "may this role do X"; no code compares
role names inline. The organization table is PRODUCT.md's capability table; the team table
describes team roles. Ranks order roles for the "only on roles below your own" rules.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Admin")
    MEMBER = "member", _("Member")
    VIEWER = "viewer", _("Viewer")


class TeamRole(models.TextChoices):
    ADMIN = "admin", _("Team admin")
    MEMBER = "member", _("Team member")
    VIEWER = "viewer", _("Team viewer")


class AccessLevel(models.IntegerChoices):
    """Cumulative access to a securable: each level allows what the levels below it do."""

    READ = 1, _("Read")
    USE = 2, _("Use")
    MODIFY = 3, _("Modify")
    OWN = 4, _("Own")


# The refusal of a capability check, on every path.
ERR_NOT_ALLOWED = _("Your role in this organization does not allow this.")


class Capability(StrEnum):
    VIEW_ORGANIZATION = "view_organization"
    EDIT_SETTINGS = "edit_settings"
    MANAGE_INVITATIONS = "manage_invitations"
    MANAGE_MEMBERS = "manage_members"
    MANAGE_TEAMS = "manage_teams"
    CREATE_SECURABLES = "create_securables"
    MANAGE_ALL_SECURABLES = "manage_all_securables"
    VIEW_BILLING = "view_billing"
    CHANGE_PLAN = "change_plan"
    TRANSFER_OWNERSHIP = "transfer_ownership"
    DELETE_ORGANIZATION = "delete_organization"
    ASSOCIATE_PLUGINS = "associate_plugins"
    VIEW_AUDIT_LOG = "view_audit_log"


class TeamCapability(StrEnum):
    MANAGE_TEAM_MEMBERS = "manage_team_members"
    USE_SHARED = "use_shared"
    EDIT_SHARED = "edit_shared"


@dataclass(frozen=True)
class OrganizationRoleSpec:
    role: OrganizationRole
    rank: int
    capabilities: frozenset[Capability]
    # Highest access this role allows through a team grant in its organization.
    team_grant_cap: AccessLevel


@dataclass(frozen=True)
class TeamRoleSpec:
    role: TeamRole
    rank: int
    capabilities: frozenset[TeamCapability]
    team_grant_cap: AccessLevel


_EVERYONE = frozenset({Capability.VIEW_ORGANIZATION, Capability.ASSOCIATE_PLUGINS})
_MEMBER = _EVERYONE | {Capability.CREATE_SECURABLES}
_ADMIN = _MEMBER | {
    Capability.EDIT_SETTINGS,
    Capability.MANAGE_INVITATIONS,
    Capability.MANAGE_MEMBERS,
    Capability.MANAGE_TEAMS,
    Capability.MANAGE_ALL_SECURABLES,
    Capability.VIEW_BILLING,
    Capability.VIEW_AUDIT_LOG,
}
_OWNER = _ADMIN | {
    Capability.CHANGE_PLAN,
    Capability.TRANSFER_OWNERSHIP,
    Capability.DELETE_ORGANIZATION,
}

ORGANIZATION_ROLES: dict[str, OrganizationRoleSpec] = {
    spec.role.value: spec
    for spec in (
        OrganizationRoleSpec(
            OrganizationRole.OWNER,
            rank=40,
            capabilities=frozenset(_OWNER),
            team_grant_cap=AccessLevel.OWN,
        ),
        OrganizationRoleSpec(
            OrganizationRole.ADMIN,
            rank=30,
            capabilities=frozenset(_ADMIN),
            team_grant_cap=AccessLevel.OWN,
        ),
        OrganizationRoleSpec(
            OrganizationRole.MEMBER,
            rank=20,
            capabilities=frozenset(_MEMBER),
            team_grant_cap=AccessLevel.OWN,
        ),
        OrganizationRoleSpec(
            OrganizationRole.VIEWER,
            rank=10,
            capabilities=frozenset(_EVERYONE),
            team_grant_cap=AccessLevel.READ,
        ),
    )
}

TEAM_ROLES: dict[str, TeamRoleSpec] = {
    spec.role.value: spec
    for spec in (
        TeamRoleSpec(
            TeamRole.ADMIN,
            rank=30,
            capabilities=frozenset(TeamCapability),
            team_grant_cap=AccessLevel.OWN,
        ),
        TeamRoleSpec(
            TeamRole.MEMBER,
            rank=20,
            capabilities=frozenset({TeamCapability.USE_SHARED, TeamCapability.EDIT_SHARED}),
            team_grant_cap=AccessLevel.OWN,
        ),
        TeamRoleSpec(
            TeamRole.VIEWER,
            rank=10,
            capabilities=frozenset(),
            team_grant_cap=AccessLevel.READ,
        ),
    )
}

# Roles an invitation may carry: every role but owner, which only a transfer confers.
INVITABLE_ROLES = tuple(role for role in OrganizationRole if role != OrganizationRole.OWNER)


def organization_role_has(role: str, capability: Capability) -> bool:
    """May a member with this organization role do ``capability``?"""
    return capability in ORGANIZATION_ROLES[role].capabilities


def team_role_has(role: str, capability: TeamCapability) -> bool:
    return capability in TEAM_ROLES[role].capabilities


def organization_role_is_owner(role: str) -> bool:
    """The owner is one member, not a capability: what only "the organization's owner" may
    do (Luzmo's owner token creating users) asks this."""
    return role == OrganizationRole.OWNER


def organization_role_outranks(actor_role: str, target_role: str) -> bool:
    """Members act on others only when they rank strictly above them (admins on members
    and viewers, never on other admins or the owner)."""
    return ORGANIZATION_ROLES[actor_role].rank > ORGANIZATION_ROLES[target_role].rank


def organization_role_may_grant(actor_role: str, role: str) -> bool:
    """Nobody grants a role above their own, and owner is never granted, only transferred."""
    if role == OrganizationRole.OWNER:
        return False
    return ORGANIZATION_ROLES[role].rank <= ORGANIZATION_ROLES[actor_role].rank


def organization_roles_grantable_by(actor_role: str) -> list[OrganizationRole]:
    return [role for role in OrganizationRole if organization_role_may_grant(actor_role, role)]


def team_role_outranks(actor_role: str, target_role: str) -> bool:
    """A team admin who is not an organization manager acts only on lower team roles."""
    return TEAM_ROLES[actor_role].rank > TEAM_ROLES[target_role].rank


def team_role_may_grant(actor_role: str, role: str) -> bool:
    """Nobody grants a team role above their own."""
    return TEAM_ROLES[role].rank <= TEAM_ROLES[actor_role].rank


def team_roles_grantable_by(actor_role: str) -> list[TeamRole]:
    return [role for role in TeamRole if team_role_may_grant(actor_role, role)]
