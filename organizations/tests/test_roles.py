"""The role table against PRODUCT.md's capability table, written out here by hand.

The expected tables below are copied from the specification, not derived from
``organizations.roles``: a change to the code's table that the specification doesn't make
fails here.
"""

import pytest

from organizations.roles import (
    INVITABLE_ROLES,
    ORGANIZATION_ROLES,
    TEAM_ROLES,
    AccessLevel,
    Capability,
    OrganizationRole,
    TeamCapability,
    organization_role_has,
    organization_role_may_grant,
    organization_role_outranks,
    organization_roles_grantable_by,
    team_role_has,
)

OWNER, ADMIN, MEMBER, VIEWER = "owner", "admin", "member", "viewer"
ALL_ROLES = (OWNER, ADMIN, MEMBER, VIEWER)

# PRODUCT.md, "Roles: a two-level permission model": which roles have a ✓ in each row.
EXPECTED_CAPABILITIES = {
    # view organization details and its member list
    Capability.VIEW_ORGANIZATION: {OWNER, ADMIN, MEMBER, VIEWER},
    # edit organization settings (name, locale, country, logo)
    Capability.EDIT_SETTINGS: {OWNER, ADMIN},
    # invite users, revoke or resend invitations
    Capability.MANAGE_INVITATIONS: {OWNER, ADMIN},
    # change roles, remove users (only of roles below their own)
    Capability.MANAGE_MEMBERS: {OWNER, ADMIN},
    # create, rename, delete teams; manage any team's members
    Capability.MANAGE_TEAMS: {OWNER, ADMIN},
    # create dashboards and datasets
    Capability.CREATE_SECURABLES: {OWNER, ADMIN, MEMBER},
    # view, edit and share every securable of the organization
    Capability.MANAGE_ALL_SECURABLES: {OWNER, ADMIN},
    # view plan, invoices and usage
    Capability.VIEW_BILLING: {OWNER, ADMIN},
    # change the plan, transfer ownership, delete the organization
    Capability.CHANGE_PLAN: {OWNER},
    Capability.TRANSFER_OWNERSHIP: {OWNER},
    Capability.DELETE_ORGANIZATION: {OWNER},
    # make a visible plugin available to the organization
    Capability.ASSOCIATE_PLUGINS: {OWNER, ADMIN, MEMBER, VIEWER},
    # "owners and admins see the organization's audit log" (Removing users, …)
    Capability.VIEW_AUDIT_LOG: {OWNER, ADMIN},
}


# "Admins act only on members and viewers, never on other admins or the owner."
# (actor, target): may the actor act on the target?
EXPECTED_OUTRANKS = {
    (OWNER, OWNER): False,
    (OWNER, ADMIN): True,
    (OWNER, MEMBER): True,
    (OWNER, VIEWER): True,
    (ADMIN, OWNER): False,
    (ADMIN, ADMIN): False,
    (ADMIN, MEMBER): True,
    (ADMIN, VIEWER): True,
    (MEMBER, OWNER): False,
    (MEMBER, ADMIN): False,
    (MEMBER, MEMBER): False,
    (MEMBER, VIEWER): True,
    (VIEWER, OWNER): False,
    (VIEWER, ADMIN): False,
    (VIEWER, MEMBER): False,
    (VIEWER, VIEWER): False,
}

# "Nobody grants a role above their own; owner is never granted by invitation."
EXPECTED_GRANTABLE = {
    OWNER: {ADMIN, MEMBER, VIEWER},
    ADMIN: {ADMIN, MEMBER, VIEWER},
    MEMBER: {MEMBER, VIEWER},
    VIEWER: {VIEWER},
}


def test_the_expected_table_covers_every_capability_of_the_code():
    # A capability added to the code must be given its row here (and in PRODUCT.md).
    assert set(EXPECTED_CAPABILITIES) == set(Capability)


def test_the_role_table_declares_exactly_the_four_organization_roles():
    assert set(ORGANIZATION_ROLES) == set(ALL_ROLES)
    assert set(OrganizationRole.values) == set(ALL_ROLES)


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("capability", list(EXPECTED_CAPABILITIES), ids=str)
def test_capability_table(capability, role):
    expected = role in EXPECTED_CAPABILITIES[capability]
    assert organization_role_has(role, capability) is expected


@pytest.mark.parametrize(("actor", "target"), list(EXPECTED_OUTRANKS))
def test_outranks(actor, target):
    assert organization_role_outranks(actor, target) is EXPECTED_OUTRANKS[(actor, target)]


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("actor", ALL_ROLES)
def test_may_grant(actor, role):
    assert organization_role_may_grant(actor, role) is (role in EXPECTED_GRANTABLE[actor])


@pytest.mark.parametrize("actor", ALL_ROLES)
def test_owner_is_never_grantable(actor):
    assert organization_role_may_grant(actor, OWNER) is False
    assert OrganizationRole.OWNER not in organization_roles_grantable_by(actor)


@pytest.mark.parametrize("actor", ALL_ROLES)
def test_roles_grantable_by(actor):
    assert {role.value for role in organization_roles_grantable_by(actor)} == (
        EXPECTED_GRANTABLE[actor]
    )


def test_invitable_roles_are_every_role_but_owner():
    assert {role.value for role in INVITABLE_ROLES} == {ADMIN, MEMBER, VIEWER}


def test_ranks_order_owner_admin_member_viewer():
    ranks = [ORGANIZATION_ROLES[role].rank for role in ALL_ROLES]
    assert ranks == sorted(ranks, reverse=True)
    assert len(set(ranks)) == len(ranks)


# Team roles: team admin manages the team's members and has full use of what is shared;
# team member uses and edits it; team viewer is read-only whatever the level shared.
EXPECTED_TEAM_CAPABILITIES = {
    TeamCapability.MANAGE_TEAM_MEMBERS: {"admin"},
    TeamCapability.USE_SHARED: {"admin", "member"},
    TeamCapability.EDIT_SHARED: {"admin", "member"},
}


def test_the_expected_team_table_covers_every_team_capability():
    assert set(EXPECTED_TEAM_CAPABILITIES) == set(TeamCapability)
    assert set(TEAM_ROLES) == {"admin", "member", "viewer"}


@pytest.mark.parametrize("role", ["admin", "member", "viewer"])
@pytest.mark.parametrize("capability", list(EXPECTED_TEAM_CAPABILITIES), ids=str)
def test_team_capability_table(capability, role):
    assert team_role_has(role, capability) is (role in EXPECTED_TEAM_CAPABILITIES[capability])


def test_team_viewer_is_read_only_whatever_the_level_shared():
    assert TEAM_ROLES["viewer"].team_grant_cap == AccessLevel.READ
    assert TEAM_ROLES["admin"].team_grant_cap == AccessLevel.OWN
