"""Rows as the Core API answers them, in Luzmo's names (seed 001 for users and their
``organizationRole``)."""

from typing import Any

from django.db.models import Value
from django.db.models.functions import NullIf

from accounts.models import User
from common.coreapi.columns import TimestampText, UuidText
from organizations.coreapi.flags import (
    ORGANIZATION_ROLE_FLAGS,
    access_flags,
    organization_role_flags,
    team_role_flags,
)
from organizations.models import (
    Membership,
    Organization,
    Securable,
    Team,
    TeamMembership,
    Thumbnail,
)


def organization_answer(organization: Organization, context) -> dict[str, Any]:
    return {
        "id": organization.pk,
        "name": organization.name,
        "slug": organization.slug,
        "region": organization.region,
        "country_id": organization.country.code or None,
        "locale_id": organization.locale or None,
        "flag_plan": organization.plan.code,
        "logo": context.absolute_url(organization.logo.url) if organization.logo else None,
        "created_at": organization.created_at,
        "updated_at": organization.updated_at,
    }


def user_answer(user: User, plan_code: str | None) -> dict[str, Any]:
    """A user as seed 001 shows them (``flag_plan``: the plan of the organization they are
    read through)."""
    return {
        "email": user.email,
        "name": user.name,
        "city": user.city or None,
        "country_id": user.country.code or None,
        "locale_id": user.locale or None,
        "created_at": user.created_at,
        "updated_at": user.updated_at,
        "flag_plan": plan_code,
        "id": user.pk,
    }


def organization_role_answer(membership: Membership) -> dict[str, Any]:
    """The user-organization link: the role's flags and the membership's dates."""
    return {
        **organization_role_flags(membership.role),
        "created_at": membership.created_at,
        "updated_at": membership.updated_at,
        "organization_id": membership.organization_id,
        "user_id": membership.user_id,
    }


def group_answer(team: Team, context=None) -> dict[str, Any]:
    """A group as Luzmo answers it: its name localized (a name given as plain text is the
    English one)."""
    return {
        "id": team.pk,
        "name": team.name_translations or {"en": team.name},
        "organization_id": team.organization_id,
        "created_at": team.created_at,
        "updated_at": team.updated_at,
    }


def group_role_answer(team_membership: TeamMembership) -> dict[str, Any]:
    """The user-group link: ``flagOwn`` for team admins, ``flagMember`` for every member;
    ``role`` tells team members from team viewers."""
    return {
        **team_role_flags(team_membership.role),
        "role": team_membership.role,
        "created_at": team_membership.created_at,
        "updated_at": team_membership.updated_at,
        "group_id": team_membership.team_id,
        "user_id": team_membership.user_id,
    }


def securable_answer(securable: Securable, context=None) -> dict[str, Any]:
    """A securable with the caller's access to it (``access``: cumulative flags)."""
    level = getattr(securable, "access_level", 0)
    return {
        "id": securable.pk,
        "type": securable.type,
        "name": securable.name,
        "description": securable.description,
        "contents": securable.contents,
        "organization_id": securable.organization_id,
        "owner_id": securable.owner_id,
        "access": access_flags(level),
        "created_at": securable.created_at,
        "updated_at": securable.updated_at,
    }


def access_right_answer(grant, holder: str) -> dict[str, Any]:
    """A share of a securable with a user or a group: its cumulative flags (the grant row
    given is the share's highest level, ``level``)."""
    return {
        **access_flags(grant.level),
        holder: getattr(grant, holder),
        "securable_id": grant.content_object_id,
    }


def thumbnail_answer(thumbnail: Thumbnail, context) -> dict[str, Any]:
    return {
        "id": thumbnail.pk,
        "url": context.absolute_url(thumbnail.image.url),
        "organization_id": thumbnail.organization_id,
        "created_at": thumbnail.created_at,
    }


# The organization's users read as rows of values (``Include.values``, after the link's
# ``parent``): the same answer as ``user_answer`` + ``organization_role_answer`` of a
# membership, without model instances, every value already the text or null it answers.
MEMBER_ANSWER_VALUES = (
    "user__email",
    "user__name",
    NullIf("user__city", Value("")),
    NullIf("user__country", Value("")),
    NullIf("user__locale", Value("")),
    TimestampText("user__created_at"),
    TimestampText("user__updated_at"),
    "organization__plan__code",
    UuidText("user_id"),
    "role",
    TimestampText("created_at"),
    TimestampText("updated_at"),
    UuidText("organization_id"),
)
# Each role's flags, worked out once: the rows of a large organization share four.
_ROLE_FLAGS = {role: organization_role_flags(role) for role in ORGANIZATION_ROLE_FLAGS}


def member_answer_from_values(values: tuple[Any, ...], context=None) -> dict[str, Any]:
    """A member from a row of ``MEMBER_ANSWER_VALUES`` (after the parent, at 0)."""
    (
        _parent,
        email,
        name,
        city,
        country_id,
        locale_id,
        created_at,
        updated_at,
        plan_code,
        user_id,
        role,
        joined_at,
        role_updated_at,
        organization_id,
    ) = values
    return {
        "email": email,
        "name": name,
        "city": city,
        "country_id": country_id,
        "locale_id": locale_id,
        "created_at": created_at,
        "updated_at": updated_at,
        "flag_plan": plan_code,
        "id": user_id,
        "organizationRole": {
            **_ROLE_FLAGS[role],
            "created_at": joined_at,
            "updated_at": role_updated_at,
            "organization_id": organization_id,
            "user_id": user_id,
        },
    }
