"""Reads of dashboards and datasets and of their shares.

Kept apart from ``organizations.selectors`` (the organization pages' reads); both follow the
same rule: each selector decides its joins once, so a page runs a fixed number of queries
whatever the number of rows. Access comes from ``organizations.securable_access``.
"""

from typing import Any, NamedTuple

from django.db.models import Max, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from common.errors import NotFound, PermissionDenied
from common.ids import parse_uuid
from common.paging import FirstRows
from organizations import securable_access
from organizations.models import Membership, Organization, Securable, Team
from organizations.roles import AccessLevel

ERR_SECURABLE_NOT_FOUND = securable_access.ERR_SECURABLE_NOT_FOUND
ERR_SHARE_TEAM_UNKNOWN = _("No team has this id.")


def securables_visible_to(
    user: User,
    *,
    type: str | None = None,
    organization: Organization | Any | None = None,
    min_level: AccessLevel | int | str | None = None,
    where: Q | None = None,
    first: int | None = None,
) -> QuerySet[Securable]:
    """The dashboards and datasets the user may see (at least ``min_level``, default read),
    optionally of one type or organization (or matching ``where``), each with
    ``access_level`` (1-4), its organization and its owner, most recently changed first:
    one query, whatever the numbers of securables and grants. With ``first``, the first
    ``first`` of them only, each source of access cut there (after one more small query,
    the user's reach)."""
    where = where or Q()
    if type is not None:
        where &= Q(type=type)
    if organization is not None:
        where &= Q(organization=organization)
    securables = securable_access.securables_with_level(
        user,
        securable_access.clean_access_level(min_level) if min_level else None,
        where=where,
        first=first,
    )
    return securables.select_related("organization", "owner").order_by("-updated_at", "id")


def securables_list(
    user: User,
    *,
    type: str | None = None,
    organization: Organization | Any | None = None,
    min_level: AccessLevel | int | str | None = None,
    in_view_of: Organization | Any | None = None,
) -> FirstRows:
    """``securables_visible_to`` (or, with ``in_view_of``, ``securables_in_view_of``) for
    paging without a count: each page is read as a top-N query (two queries: the user's
    reach, then the page)."""
    where = _in_view_of(user, in_view_of) if in_view_of is not None else None

    def visible(first: int | None = None) -> QuerySet[Securable]:
        return securables_visible_to(
            user,
            type=type,
            organization=organization,
            min_level=min_level,
            where=where,
            first=first,
        )

    return FirstRows(visible(), visible)


def _in_view_of(user: User, organization: Organization | Any) -> Q:
    """What a page of ``organization`` shows: its own securables, and those shared with the
    user from organizations they don't belong to. Securables of the user's other
    organizations wait until they switch to that organization."""
    return Q(organization=organization) | ~Q(
        organization__in=Membership.objects.filter(user=user).values("organization_id")
    )


def securables_in_view_of(
    user: User, *, organization: Organization | Any, type: str | None = None
) -> QuerySet[Securable]:
    """The Dashboards and Datasets pages' list while ``organization`` is active: what the
    user may see of it, and what was shared with them from organizations they don't belong
    to; one query, like ``securables_visible_to``."""
    return securables_visible_to(user, type=type, where=_in_view_of(user, organization))


def securable_for_user(
    *,
    user: User,
    securable_id: Any,
    min_level: AccessLevel | int | str = AccessLevel.READ,
    type: str | None = None,
    in_view_of: Organization | Any | None = None,
) -> Securable:
    """The securable with ``access_level``, if the user may see it; NotFound (a 404) when
    they may not or it does not exist, PermissionDenied (a 403) when they see it below
    ``min_level``. ``type`` and ``in_view_of`` (an organization, as in
    ``securables_in_view_of``) narrow what is found, the rest being a 404 too."""
    min_level = securable_access.clean_access_level(min_level)
    if parse_uuid(securable_id) is None:
        raise NotFound(ERR_SECURABLE_NOT_FOUND)
    securables = Securable.objects.filter(pk=securable_id)
    if type is not None:
        securables = securables.filter(type=type)
    if in_view_of is not None:
        securables = securables.filter(_in_view_of(user, in_view_of))
    securable = (
        securables.annotate(access_level=securable_access.effective_level(user))
        .select_related("organization", "owner")
        .first()
    )
    if securable is None or securable.access_level == securable_access.NO_ACCESS:
        raise NotFound(ERR_SECURABLE_NOT_FOUND)
    if securable.access_level < min_level:
        raise PermissionDenied(securable_access.ERR_LEVEL_TOO_LOW)
    return securable


class SecurableShares(NamedTuple):
    """Who a securable is shared with: users and teams, each with ``level`` (1-4)."""

    users: QuerySet[User]
    teams: QuerySet[Team]


def securable_shares(securable: Securable) -> SecurableShares:
    """The securable's shares (two queries): users by name with ``level``, and teams with
    their organization and ``level``. The owner's and the organization managers' access is
    not a share and is not listed. Callers check the acting user's level first."""
    users = (
        User.objects.filter(securable_grants__content_object=securable)
        .annotate(
            level=Max(securable_access.permission_level("securable_grants__permission__codename"))
        )
        .order_by("name", "email")
    )
    teams = (
        Team.objects.filter(group__securable_grants__content_object=securable)
        .annotate(
            level=Max(
                securable_access.permission_level("group__securable_grants__permission__codename")
            )
        )
        .select_related("organization")
        .order_by("organization__slug", "name")
    )
    return SecurableShares(users=users, teams=teams)


def securable_share_level(
    securable: Securable, *, user: User | None = None, team: Team | None = None
) -> int:
    """The level of the securable's share with one user or one team (0: not shared), in
    one query."""
    grants = (
        securable.user_grants.filter(user=user)
        if user is not None
        else securable.team_grants.filter(group_id=team.group_id)
    )
    level = grants.aggregate(level=Max(securable_access.permission_level()))["level"]
    return level or securable_access.NO_ACCESS


def share_team_candidates(user: User) -> QuerySet[Team]:
    """Teams the user may pick to share with: those of the organizations they belong to,
    with their organization (one query). A team of another organization is shared with by
    its id (``share_team_by_id``): its name is not the user's to list."""
    return (
        Team.objects.filter(
            organization__in=Membership.objects.filter(user=user).values("organization_id")
        )
        .select_related("organization")
        .order_by("organization__created_at", "name")
    )


def share_team_by_id(team_id: Any) -> Team | None:
    """The team with this id, of any organization, with its organization; None if none has
    it. Whoever knows a team's id may share with it (its admins hand the id out)."""
    if parse_uuid(team_id) is None:
        return None
    return Team.objects.filter(pk=team_id).select_related("organization").first()
