"""Luzmo's flags ↔ orgsite's roles and access levels, translated here and nowhere else.

The Core API shows an organization role as the flags of the user-organization link
(PRODUCT.md's role table: flagMember, flagEditor, flagAdmin, flagOwn), a team role as those
of the user-group link (flagMember, flagOwn) and access to a securable as cumulative flags
(flagRead < flagUse < flagModify < flagOwn). The services behind the handlers see roles and
levels only.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from common.coreapi.body import flag_property
from common.errors import InvalidInput
from organizations.roles import (
    ORGANIZATION_ROLES,
    AccessLevel,
    OrganizationRole,
    TeamCapability,
    TeamRole,
    team_role_has,
)

ERR_NO_FLAG = _(
    "Set at least one of flagMember, flagEditor, flagAdmin, flagOwn; to remove the member, "
    "dissociate them."
)

# The flags of the user-organization link, in the order Luzmo answers them.
ORGANIZATION_FLAGS = ("flagMember", "flagEditor", "flagAdmin", "flagOwn")

# Each organization role's flags: a role carries those of every role below it, and one more.
ORGANIZATION_ROLE_FLAGS: dict[str, frozenset[str]] = {
    OrganizationRole.OWNER: frozenset({"flagMember", "flagEditor", "flagAdmin", "flagOwn"}),
    OrganizationRole.ADMIN: frozenset({"flagMember", "flagEditor", "flagAdmin"}),
    OrganizationRole.MEMBER: frozenset({"flagMember", "flagEditor"}),
    OrganizationRole.VIEWER: frozenset({"flagMember"}),
}

# Cumulative access to a securable: each level's flag, and those of the levels below it.
ACCESS_FLAGS = {
    AccessLevel.READ: "flagRead",
    AccessLevel.USE: "flagUse",
    AccessLevel.MODIFY: "flagModify",
    AccessLevel.OWN: "flagOwn",
}


def organization_role_flags(role: str) -> dict[str, bool]:
    """The user-organization link's flags for a member with this role."""
    flags = ORGANIZATION_ROLE_FLAGS[role]
    return {flag: flag in flags for flag in ORGANIZATION_FLAGS}


def _role_of_flag(flag: str) -> str:
    """The lowest role whose flags include ``flag``."""
    return min(
        (role for role, flags in ORGANIZATION_ROLE_FLAGS.items() if flag in flags),
        key=lambda role: ORGANIZATION_ROLES[role].rank,
    )


def organization_role_from_flags(current_role: str, properties: dict[str, Any]) -> str:
    """The role that the flags set on a member's association ask for.

    The given flags change the member's current ones (true sets, false clears, absent
    keeps); the highest role among those the remaining flags stand for wins, so
    ``flagAdmin: true`` makes an admin and ``flagAdmin: false`` on an admin a member.
    """
    remaining = set(ORGANIZATION_ROLE_FLAGS[current_role])
    for flag in ORGANIZATION_FLAGS:
        value = flag_property(properties, flag)
        if value is True:
            remaining.add(flag)
        elif value is False:
            remaining.discard(flag)
    if not remaining:
        raise InvalidInput(ERR_NO_FLAG)
    return max(
        (_role_of_flag(flag) for flag in remaining),
        key=lambda role: ORGANIZATION_ROLES[role].rank,
    )


def team_role_flags(role: str) -> dict[str, bool]:
    """The user-group link's flags: ``flagOwn`` for team admins, ``flagMember`` for every
    member of the team."""
    return {
        "flagMember": True,
        "flagOwn": team_role_has(role, TeamCapability.MANAGE_TEAM_MEMBERS),
    }


def team_role_from_flags(properties: dict[str, Any]) -> str | None:
    """flagOwn: team admin; flagMember false: team viewer (read-only); flagMember: team
    member. None when no flag is given."""
    own, member = flag_property(properties, "flagOwn"), flag_property(properties, "flagMember")
    if own:
        return TeamRole.ADMIN
    if member is False:
        return TeamRole.VIEWER
    if member or own is False:
        return TeamRole.MEMBER
    return None


def access_flags(level: int) -> dict[str, bool]:
    """The cumulative flags of an access level (0: no access, every flag false)."""
    return {flag: level >= int(each) for each, flag in ACCESS_FLAGS.items()}


def access_level_from_flags(properties: dict[str, Any]) -> AccessLevel:
    """The highest access flag set; no flag means read (the levels are cumulative)."""
    given = [level for level, flag in ACCESS_FLAGS.items() if flag_property(properties, flag)]
    return max(given, default=AccessLevel.READ)
