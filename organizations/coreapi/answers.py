"""Rows as the Core API answers them, in Luzmo's names (seed 001 for users and their
``organizationRole``)."""

from typing import Any

from accounts.models import User
from organizations.coreapi.flags import access_flags, organization_role_flags, team_role_flags
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


# The organization's users read as dictionaries (``Include.values``): the same answer as
# ``user_answer`` + ``organization_role_answer`` of a membership, without model instances.
MEMBER_ANSWER_VALUES = (
    "user_id",
    "role",
    "created_at",
    "updated_at",
    "user__email",
    "user__name",
    "user__city",
    "user__country",
    "user__locale",
    "user__created_at",
    "user__updated_at",
    "organization__plan__code",
)


def member_answer_from_values(values: dict[str, Any], context=None) -> dict[str, Any]:
    return {
        "email": values["user__email"],
        "name": values["user__name"],
        "city": values["user__city"] or None,
        "country_id": values["user__country"] or None,
        "locale_id": values["user__locale"] or None,
        "created_at": values["user__created_at"],
        "updated_at": values["user__updated_at"],
        "flag_plan": values["organization__plan__code"],
        "id": values["user_id"],
        "organizationRole": {
            **organization_role_flags(values["role"]),
            "created_at": values["created_at"],
            "updated_at": values["updated_at"],
            "organization_id": values["organization_id"],
            "user_id": values["user_id"],
        },
    }
