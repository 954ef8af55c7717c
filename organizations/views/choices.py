"""Which actions a page offers to whom, read from the role table.

Only what the viewer may do is shown; the services decide again on every submission.
"""

from dataclasses import dataclass, field

from organizations.models import Membership, TeamMembership
from organizations.roles import (
    Capability,
    TeamCapability,
    TeamRole,
    organization_role_has,
    organization_role_outranks,
    organization_roles_grantable_by,
    team_role_has,
    team_role_outranks,
    team_roles_grantable_by,
)


@dataclass(frozen=True)
class RowActions:
    """The Role column's dropdown of one row: the roles offered, and Remove."""

    roles: list = field(default_factory=list)
    may_remove: bool = False

    def __bool__(self) -> bool:
        return bool(self.roles) or self.may_remove


def member_actions(acting: Membership, target: Membership) -> RowActions:
    """Owners and admins act on members ranked below them, never on themselves."""
    if (
        target.user_id == acting.user_id
        or not organization_role_has(acting.role, Capability.MANAGE_MEMBERS)
        or not organization_role_outranks(acting.role, target.role)
    ):
        return RowActions()
    roles = [role for role in organization_roles_grantable_by(acting.role) if role != target.role]
    return RowActions(roles=roles, may_remove=True)


def manages_team(acting: Membership, acting_team_membership: TeamMembership | None) -> bool:
    """Organization owners and admins manage every team; a team admin manages their team."""
    if organization_role_has(acting.role, Capability.MANAGE_TEAMS):
        return True
    return acting_team_membership is not None and team_role_has(
        acting_team_membership.role, TeamCapability.MANAGE_TEAM_MEMBERS
    )


def team_roles_grantable(
    acting: Membership, acting_team_membership: TeamMembership | None
) -> list[TeamRole]:
    if organization_role_has(acting.role, Capability.MANAGE_TEAMS):
        return list(TeamRole)
    if not manages_team(acting, acting_team_membership):
        return []
    return team_roles_grantable_by(acting_team_membership.role)


def team_member_actions(
    acting: Membership,
    acting_team_membership: TeamMembership | None,
    target: TeamMembership,
) -> RowActions:
    """A team admin who is not an organization manager acts only on lower team roles."""
    if not manages_team(acting, acting_team_membership):
        return RowActions()
    if not organization_role_has(acting.role, Capability.MANAGE_TEAMS) and (
        target.user_id == acting.user_id
        or not team_role_outranks(acting_team_membership.role, target.role)
    ):
        return RowActions()
    roles = [
        role for role in team_roles_grantable(acting, acting_team_membership) if role != target.role
    ]
    return RowActions(roles=roles, may_remove=True)
