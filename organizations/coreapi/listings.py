"""What ``find`` may filter, order, answer and include, per resource."""

from collections import defaultdict
from dataclasses import replace
from functools import cache
from typing import Any

from django.conf import settings
from django.utils import translation
from django_countries import countries

from common.coreapi.find import DATETIME, UUID, Field, Include, Listing
from common.locales import CATALOGUE_WRITTEN_AT, LOCALES
from organizations.coreapi.answers import (
    MEMBER_ANSWER_VALUES,
    access_right_answer,
    group_answer,
    group_role_answer,
    member_answer_from_values,
    organization_answer,
    organization_role_answer,
    securable_answer,
    thumbnail_answer,
    user_answer,
)
from organizations.coreapi.scope import (
    memberships_seen,
    securable_grants_seen,
    team_memberships_seen,
    teams_of_caller,
)

TIMESTAMPS = {
    "created_at": Field("created_at", DATETIME),
    "updated_at": Field("updated_at", DATETIME),
}

ORGANIZATION_LISTING_BASE = Listing(
    fields={
        "id": Field("id", UUID),
        "slug": Field("slug"),
        "region": Field("region"),
        "country_id": Field("country", blank_is_null=True),
        "locale_id": Field("locale"),
        "flag_plan": Field("plan__code"),
        **TIMESTAMPS,
    },
    attributes=(
        "id",
        "name",
        "slug",
        "region",
        "country_id",
        "locale_id",
        "flag_plan",
        "logo",
        "created_at",
        "updated_at",
    ),
    # Seed 001's shape: more on demand through ``attributes``.
    default_attributes=("id", "name"),
    answer=organization_answer,
    ordering=("created_at",),
    search_fields=("name", "slug"),
)

USER_LISTING_BASE = Listing(
    fields={
        "id": Field("id", UUID),
        "email": Field("email"),
        "name": Field("name"),
        "city": Field("city", blank_is_null=True),
        "country_id": Field("country", blank_is_null=True),
        "locale_id": Field("locale", blank_is_null=True),
        **TIMESTAMPS,
    },
    attributes=(
        "email",
        "name",
        "city",
        "country_id",
        "locale_id",
        "created_at",
        "updated_at",
        "flag_plan",
        "id",
    ),
    default_attributes=(
        "email",
        "name",
        "city",
        "country_id",
        "locale_id",
        "created_at",
        "flag_plan",
        "id",
    ),
    answer=lambda user, context: user_answer(user, getattr(user, "core_api_plan", None)),
    ordering=("name", "email"),
    search_fields=("name", "email"),
)

GROUP_LISTING_BASE = Listing(
    fields={
        "id": Field("id", UUID),
        "name": Field("name"),
        "organization_id": Field("organization_id", UUID),
        **TIMESTAMPS,
    },
    attributes=("id", "name", "organization_id", "created_at", "updated_at"),
    answer=group_answer,
    ordering=("name",),
    search_fields=("name",),
)


ORGANIZATION_LISTING = replace(
    ORGANIZATION_LISTING_BASE,
    includes=(
        Include(
            model="User",
            key="users",
            listing=USER_LISTING_BASE,
            links=memberships_seen,
            parent="organization_id",
            child="user",
            answer=lambda membership, context: {
                **user_answer(membership.user, membership.organization.plan.code),
                "organizationRole": organization_role_answer(membership),
            },
            link_key="organizationRole",
            # Every member of a large organization: dictionaries, in the order of the
            # membership's own name index (the user's name and e-mail, copied).
            values=MEMBER_ANSWER_VALUES,
            answer_values=member_answer_from_values,
            link_ordering=("user_name", "user_email"),
        ),
        Include(
            model="Group",
            key="groups",
            listing=GROUP_LISTING_BASE,
            links=lambda context: teams_of_caller(context),
            parent="organization_id",
            child="",
            answer=group_answer,
        ),
    ),
)

USER_LISTING = replace(
    USER_LISTING_BASE,
    includes=(
        Include(
            model="Organization",
            key="organizations",
            listing=ORGANIZATION_LISTING_BASE,
            links=memberships_seen,
            parent="user_id",
            child="organization",
            answer=lambda membership, context: {
                **organization_answer(membership.organization, context),
                "organizationRole": organization_role_answer(membership),
            },
            link_key="organizationRole",
        ),
        Include(
            model="Group",
            key="groups",
            listing=GROUP_LISTING_BASE,
            links=team_memberships_seen,
            parent="user_id",
            child="team",
            answer=lambda team_membership, context: {
                **group_answer(team_membership.team),
                "groupRole": group_role_answer(team_membership),
            },
            link_key="groupRole",
        ),
    ),
)

GROUP_LISTING = replace(
    GROUP_LISTING_BASE,
    includes=(
        Include(
            model="User",
            key="users",
            listing=USER_LISTING_BASE,
            links=team_memberships_seen,
            parent="team_id",
            child="user",
            answer=lambda team_membership, context: {
                **user_answer(team_membership.user, team_membership.team.organization.plan.code),
                "groupRole": group_role_answer(team_membership),
            },
            link_key="groupRole",
        ),
    ),
)

SECURABLE_LISTING_BASE = Listing(
    fields={
        "id": Field("id", UUID),
        "type": Field("type"),
        "organization_id": Field("organization_id", UUID),
        "owner_id": Field("owner_id", UUID),
        **TIMESTAMPS,
    },
    attributes=(
        "id",
        "type",
        "name",
        "description",
        "contents",
        "organization_id",
        "owner_id",
        "access",
        "created_at",
        "updated_at",
    ),
    answer=securable_answer,
    ordering=("-updated_at",),
    search_fields=("name", "description"),
)

# The users and groups a securable is shared with, each with its access flags: shown to
# those who may share it (``scope.securable_grants_seen``).
SECURABLE_LISTING = replace(
    SECURABLE_LISTING_BASE,
    includes=(
        Include(
            model="User",
            key="users",
            listing=USER_LISTING_BASE,
            links=lambda context: securable_grants_seen(context, team=False),
            parent="content_object_id",
            child="user",
            answer=lambda grant, context: {
                **user_answer(grant.user, None),
                "userAccessRight": access_right_answer(grant, "user_id"),
            },
            link_key="userAccessRight",
        ),
        Include(
            model="Group",
            key="groups",
            listing=GROUP_LISTING_BASE,
            links=lambda context: securable_grants_seen(context, team=True),
            parent="content_object_id",
            child="group__team",
            answer=lambda grant, context: {
                **group_answer(grant.group.team),
                "groupAccessRight": access_right_answer(grant, "group_id"),
            },
            link_key="groupAccessRight",
        ),
    ),
)

THUMBNAIL_LISTING = Listing(
    fields={
        "id": Field("id", UUID),
        "organization_id": Field("organization_id", UUID),
        "created_at": Field("created_at", DATETIME),
    },
    attributes=("id", "url", "organization_id", "created_at"),
    answer=thumbnail_answer,
    ordering=("-created_at",),
)


def locales_catalogue() -> list[dict[str, Any]]:
    """Luzmo's locale rows, ``{id, description, created_at, updated_at}``; each language's own
    name is searched too (not answered), so that "fran" finds French."""
    return [
        {
            "id": code,
            "description": description,
            "created_at": CATALOGUE_WRITTEN_AT,
            "updated_at": CATALOGUE_WRITTEN_AT,
            "native_name": own_name,
        }
        for code, (description, own_name) in LOCALES.items()
    ]


@cache
def _country_names() -> dict[str, dict[str, str]]:
    """Each country's name in each language of the UI (computed once per process)."""
    names: dict[str, dict[str, str]] = defaultdict(dict)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for country in countries:
                names[country.code][language] = str(country.name)
    return dict(names)


def countries_catalogue() -> list[dict[str, Any]]:
    """Countries with their names localized, as Luzmo answers them. ``where`` and ``order``
    on ``name`` read the English name; ``search`` looks in every language."""
    names = _country_names()
    return [
        {
            "id": country.code,
            "name": names[country.code],
            "name_en": names[country.code].get("en", ""),
            "names": " ".join(names[country.code].values()),
        }
        for country in countries
    ]


LOCALE_LISTING = Listing(
    fields={
        "id": Field("id"),
        "description": Field("description"),
        "created_at": Field("created_at", DATETIME),
        "updated_at": Field("updated_at", DATETIME),
    },
    attributes=("id", "description", "created_at", "updated_at"),
    answer=lambda row, context: row,
    search_fields=("id", "description", "native_name"),
)
COUNTRY_LISTING = Listing(
    fields={"id": Field("id"), "name": Field("name_en")},
    attributes=("id", "name"),
    answer=lambda row, context: row,
    search_fields=("id", "names"),
)
