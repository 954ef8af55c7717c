"""Who sees what through the Core API: the caller's organizations and the rows reached
through them. An id outside the caller's reach is a 404 (NotFound), as on every path."""

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.models import User
from common.errors import NotFound
from common.ids import parse_uuid
from common.locales import LOCALES, is_locale
from organizations.models import (
    Membership,
    Organization,
    Securable,
    SecurableGroupObjectPermission,
    SecurableUserObjectPermission,
    Team,
    TeamMembership,
    Thumbnail,
)
from organizations.securable_access import (
    LEVEL_TO_SHARE,
    permission_level,
    visible_securable_ids,
)
from organizations.selectors.organizations import active_membership, organization_for_member
from organizations.selectors.securables import securable_for_user

ERR_NO_ACTIVE_ORGANIZATION = _(
    "You belong to no organization. Create one, or accept an invitation, first."
)
ERR_USER_NOT_FOUND = _("User not found.")
ERR_TEAM_NOT_FOUND = _("Group not found.")
ERR_THUMBNAIL_NOT_FOUND = _("Thumbnail not found.")
ERR_LOCALE_NOT_FOUND = _("Unknown locale “%(id)s”. Use one of: %(ids)s.")
ERR_COUNTRY_NOT_FOUND = _("Unknown country “%(id)s”: use an ISO 3166 alpha-2 code.")


def organization_ids(user: User) -> QuerySet:
    """The caller's organizations, as a subquery."""
    return Membership.objects.filter(user=user).values("organization_id")


def active_organization(context) -> Organization:
    """The caller's active organization, where what they create lands."""
    membership = active_membership(context.user)
    if membership is None:
        raise NotFound(ERR_NO_ACTIVE_ORGANIZATION)
    return membership.organization


def organizations_of_caller(context) -> QuerySet[Organization]:
    return Organization.objects.filter(pk__in=organization_ids(context.user)).select_related("plan")


def organization_of_caller(context, organization_id: Any) -> Organization:
    return organization_for_member(user=context.user, organization_id=organization_id)


def users_of_caller(context) -> QuerySet[User]:
    """Members of the caller's organizations, each with ``core_api_plan``: the plan of the
    oldest organization they share with the caller (Luzmo's ``flag_plan``)."""
    organizations = organization_ids(context.user)
    shared_plan = (
        Membership.objects.filter(user=OuterRef("pk"), organization__in=organizations)
        .order_by("created_at")
        .values("organization__plan__code")[:1]
    )
    return User.objects.filter(
        pk__in=Membership.objects.filter(organization__in=organizations).values("user_id")
    ).annotate(core_api_plan=Subquery(shared_plan))


def user_of_caller(context, user_id: Any) -> User:
    user_id = parse_uuid(user_id)
    user = users_of_caller(context).filter(pk=user_id).first() if user_id else None
    if user is None:
        raise NotFound(ERR_USER_NOT_FOUND)
    return user


def any_active_user(user_id: Any) -> User:
    """Any active user: securables are shared across organizations (seed 000)."""
    user_id = parse_uuid(user_id)
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        raise NotFound(ERR_USER_NOT_FOUND)
    return user


def teams_of_caller(context) -> QuerySet[Team]:
    return Team.objects.filter(organization__in=organization_ids(context.user)).select_related(
        "organization"
    )


def team_of_caller(context, team_id: Any) -> Team:
    team_id = parse_uuid(team_id)
    team = teams_of_caller(context).filter(pk=team_id).first() if team_id else None
    if team is None:
        raise NotFound(ERR_TEAM_NOT_FOUND)
    return team


def any_team(team_id: Any) -> Team:
    """Any team: securables are shared with groups of other organizations too."""
    team_id = parse_uuid(team_id)
    team = Team.objects.filter(pk=team_id).select_related("organization").first()
    if team is None:
        raise NotFound(ERR_TEAM_NOT_FOUND)
    return team


def securable_of_caller(context, securable_id: Any) -> Securable:
    return securable_for_user(user=context.user, securable_id=securable_id)


def thumbnails_of_caller(context) -> QuerySet[Thumbnail]:
    return Thumbnail.objects.filter(organization__in=organization_ids(context.user))


def thumbnail_of_caller(context, thumbnail_id: Any) -> Thumbnail:
    thumbnail_id = parse_uuid(thumbnail_id)
    thumbnail = (
        thumbnails_of_caller(context).filter(pk=thumbnail_id).first() if thumbnail_id else None
    )
    if thumbnail is None:
        raise NotFound(ERR_THUMBNAIL_NOT_FOUND)
    return thumbnail


def locale_id_known(locale_id: Any) -> str:
    if not is_locale(locale_id):
        raise NotFound(ERR_LOCALE_NOT_FOUND % {"id": locale_id, "ids": ", ".join(LOCALES)})
    return locale_id


def country_id_known(country_id: Any) -> str:
    code = str(country_id or "").upper()
    if code not in countries:
        raise NotFound(ERR_COUNTRY_NOT_FOUND % {"id": country_id})
    return code


def memberships_seen(context) -> QuerySet[Membership]:
    return Membership.objects.filter(
        organization__in=organization_ids(context.user)
    ).select_related("user", "organization__plan")


def team_memberships_seen(context) -> QuerySet[TeamMembership]:
    return TeamMembership.objects.filter(
        team__organization__in=organization_ids(context.user)
    ).select_related("user", "team__organization__plan")


def securable_grants_seen(context, *, team: bool) -> QuerySet:
    """The shares of securables the caller may share, one row per user (or team) and
    securable: the grant row of its highest level (annotated ``level``; a share at a level
    is stored as that level's row and each one below)."""
    model, holder = (
        (SecurableGroupObjectPermission, "group")
        if team
        else (SecurableUserObjectPermission, "user")
    )
    higher = (
        model.objects.filter(
            **{holder: OuterRef(holder)}, content_object=OuterRef("content_object")
        )
        .annotate(level=permission_level())
        .filter(level__gt=OuterRef("level"))
    )
    rows = (
        model.objects.filter(content_object__in=visible_securable_ids(context.user, LEVEL_TO_SHARE))
        .annotate(level=permission_level())
        .exclude(Exists(higher))
    )
    return rows.select_related("group__team") if team else rows.select_related("user")
