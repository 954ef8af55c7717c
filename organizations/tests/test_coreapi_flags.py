"""Luzmo's flags ↔ orgsite's roles and access levels (``organizations.coreapi.flags``)."""

import pytest

from common.errors import InvalidInput
from organizations.coreapi.flags import (
    ORGANIZATION_ROLE_FLAGS,
    access_flags,
    access_level_from_flags,
    organization_role_flags,
    organization_role_from_flags,
    team_role_flags,
    team_role_from_flags,
)
from organizations.roles import AccessLevel, OrganizationRole, TeamRole

OWNER, ADMIN, MEMBER, VIEWER = "owner", "admin", "member", "viewer"
ALL_ROLES = (OWNER, ADMIN, MEMBER, VIEWER)

# PRODUCT.md, "Roles: a two-level permission model", the row "Core API flags".
EXPECTED_CORE_API_FLAGS = {
    OWNER: {"flagMember", "flagEditor", "flagAdmin", "flagOwn"},
    ADMIN: {"flagMember", "flagEditor", "flagAdmin"},
    MEMBER: {"flagMember", "flagEditor"},
    VIEWER: {"flagMember"},
}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_core_api_flags(role):
    assert set(ORGANIZATION_ROLE_FLAGS[role]) == EXPECTED_CORE_API_FLAGS[role]


def test_every_organization_role_has_its_flags():
    assert set(ORGANIZATION_ROLE_FLAGS) == set(OrganizationRole.values)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_a_links_flags_are_the_roles_flags_in_luzmos_order(role):
    flags = organization_role_flags(role)

    assert list(flags) == ["flagMember", "flagEditor", "flagAdmin", "flagOwn"]
    assert {flag for flag, value in flags.items() if value} == EXPECTED_CORE_API_FLAGS[role]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_a_roles_own_flags_give_the_role_back(role):
    assert organization_role_from_flags(role, organization_role_flags(role)) == role


@pytest.mark.parametrize(
    ("current", "flags", "expected"),
    [
        (VIEWER, {"flagAdmin": True}, ADMIN),
        (VIEWER, {"flagEditor": True}, MEMBER),
        (MEMBER, {"flagAdmin": False}, MEMBER),
        (ADMIN, {"flagAdmin": False}, MEMBER),
        (ADMIN, {"flagAdmin": False, "flagEditor": False}, VIEWER),
        (MEMBER, {"flagEditor": False}, VIEWER),
        (MEMBER, {"flagOwn": True}, OWNER),
        (OWNER, {"flagOwn": False}, ADMIN),
        (MEMBER, {"flagMember": True, "flagEditor": None}, MEMBER),
        (MEMBER, {"somethingElse": True}, MEMBER),
        (MEMBER, {}, MEMBER),
    ],
)
def test_the_highest_remaining_flag_decides_the_role(current, flags, expected):
    assert organization_role_from_flags(current, flags) == expected


def test_clearing_every_flag_is_refused():
    with pytest.raises(InvalidInput):
        organization_role_from_flags(VIEWER, {"flagMember": False})


def test_a_flag_that_is_not_a_boolean_is_refused():
    with pytest.raises(InvalidInput) as refused:
        organization_role_from_flags(VIEWER, {"flagAdmin": "yes"})
    assert refused.value.field == "flagAdmin"


@pytest.mark.parametrize(
    ("properties", "expected"),
    [
        ({"flagOwn": True}, TeamRole.ADMIN),
        ({"flagOwn": True, "flagMember": False}, TeamRole.ADMIN),
        ({"flagMember": False}, TeamRole.VIEWER),
        ({"flagMember": True}, TeamRole.MEMBER),
        ({"flagOwn": False}, TeamRole.MEMBER),
        ({}, None),
    ],
)
def test_group_link_flags_set_the_team_role(properties, expected):
    assert team_role_from_flags(properties) == expected


@pytest.mark.parametrize(
    ("role", "own"), [(TeamRole.ADMIN, True), (TeamRole.MEMBER, False), (TeamRole.VIEWER, False)]
)
def test_only_team_admins_own_the_group_link(role, own):
    assert team_role_flags(role) == {"flagMember": True, "flagOwn": own}


@pytest.mark.parametrize(
    ("properties", "level"),
    [
        ({}, AccessLevel.READ),
        ({"flagRead": True}, AccessLevel.READ),
        ({"flagRead": True, "flagUse": True}, AccessLevel.USE),
        ({"flagModify": True}, AccessLevel.MODIFY),
        ({"flagRead": True, "flagOwn": True, "flagUse": False}, AccessLevel.OWN),
    ],
)
def test_the_highest_access_flag_sets_the_level(properties, level):
    assert access_level_from_flags(properties) == level


def test_access_flags_are_cumulative():
    assert access_flags(AccessLevel.MODIFY) == {
        "flagRead": True,
        "flagUse": True,
        "flagModify": True,
        "flagOwn": False,
    }
    assert not any(access_flags(0).values())
