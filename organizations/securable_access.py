"""Who may do what with a securable: the one rule, written once as SQL expressions.

A user's effective access to a securable is the highest of:

* ownership: the securable's owner has "own";
* their organization role in the securable's organization: roles that manage every
  securable (owner, admin: ``Capability.MANAGE_ALL_SECURABLES``) have "own";
* a direct grant to them (guardian's user table for securables);
* each grant to a team they belong to (guardian's group table, through the team's group),
  capped by their team role (``TEAM_ROLES[…].team_grant_cap``: team viewer → read) and by
  their organization role in that team's organization
  (``ORGANIZATION_ROLES[…].team_grant_cap``: viewer → read).

Policy on Django's and guardian's other permission sources: they never widen access here.
Global (model) permissions such as ``organizations.own_securable`` given to a user or a group,
and the ``is_superuser`` and ``is_staff`` flags, confer no access to any securable through
these expressions, so neither the browser UI nor the APIs (which all ask this module) show
an operator anything they were not given. Operators act on securables in the Django admin
only, through the services' ``as_operator`` paths, which are audited. Nothing in orgsite may
decide securable access with ``user.has_perm(…, securable)`` or guardian's
``get_objects_for_user`` (both let superusers and, by default, global permissions through).
Inactive and anonymous users have no access.

Every expression is evaluated in the database: listing what a user may see is one query
whatever the numbers of securables and grants.
"""

from dataclasses import dataclass
from functools import partial
from typing import Any

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    UUIDField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Greatest, Least
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from common.errors import InvalidInput, NotFound, PermissionDenied
from organizations.models import (
    LEVEL_PERMISSIONS,
    PERMISSION_LEVELS,
    Membership,
    Securable,
    SecurableGroupObjectPermission,
    SecurableUserObjectPermission,
    TeamMembership,
)
from organizations.roles import (
    ORGANIZATION_ROLES,
    TEAM_ROLES,
    AccessLevel,
    Capability,
    organization_role_has,
)

ERR_SECURABLE_NOT_FOUND = _("Dashboard or dataset not found.")
# What each write needs, for the services and for the front doors that show or hide the
# matching buttons: editing needs "modify"; sharing and deleting need "own".
LEVEL_TO_EDIT = AccessLevel.MODIFY
LEVEL_TO_SHARE = AccessLevel.OWN
LEVEL_TO_DELETE = AccessLevel.OWN
ERR_LEVEL_TOO_LOW = _("Your access to this dashboard or dataset does not allow this.")
ERR_LEVEL_INVALID = _("Choose an access level: read, use, modify or own.")

NO_ACCESS = 0


def clean_access_level(level: Any) -> AccessLevel:
    """An access level from its number (1-4) or its name ("read", "use", "modify", "own")."""
    if isinstance(level, str) and not level.isdigit():
        by_name = {member.name.lower(): member for member in AccessLevel}
        if level.strip().lower() in by_name:
            return by_name[level.strip().lower()]
        raise InvalidInput(ERR_LEVEL_INVALID, field="level")
    try:
        return AccessLevel(int(level))
    except (TypeError, ValueError) as error:
        raise InvalidInput(ERR_LEVEL_INVALID, field="level") from error


def _has_no_access(user: Any) -> bool:
    return user is None or not user.is_authenticated or not user.is_active


def _roles_managing_all_securables() -> list[str]:
    return [
        role
        for role in ORGANIZATION_ROLES
        if organization_role_has(role, Capability.MANAGE_ALL_SECURABLES)
    ]


def _lookup_table(field: str, values: dict[str, int]) -> Case:
    # Conditions as lookups on F(), not keyword (Q) conditions: a Q inside a CASE turns the
    # joins that the filter made INNER into LEFT OUTER joins, which SQLite can't reorder.
    return Case(
        *(When(Exact(F(field), Value(key)), then=Value(value)) for key, value in values.items()),
        default=Value(NO_ACCESS),
        output_field=IntegerField(),
    )


def permission_level(field: str = "permission__codename") -> Case:
    """The access level of a guardian permission row (its codename → 1-4)."""
    return _lookup_table(
        field, {codename: int(level) for level, codename in LEVEL_PERMISSIONS.items()}
    )


def _role_cap(field: str, roles: dict) -> Case:
    return _lookup_table(field, {role: int(spec.team_grant_cap) for role, spec in roles.items()})


def _codenames_at_least(level: AccessLevel) -> list[str]:
    return [codename for each, codename in LEVEL_PERMISSIONS.items() if each >= level]


def _roles_capped_at_least(roles: dict, level: AccessLevel) -> list[str]:
    return [role for role, spec in roles.items() if spec.team_grant_cap >= level]


def _managed_organization_ids(user: Any) -> QuerySet:
    """Organizations where the user's role gives "own" on every securable."""
    return Membership.objects.filter(user=user, role__in=_roles_managing_all_securables()).values(
        "organization_id"
    )


# Grants, each source in two forms derived from the same tables: the ``level`` of its rows,
# and the rows of "at least a level" in a form that the indexes serve. The level of a team
# grant is Least(grant, team role's cap, organization role's cap), which is at least L
# exactly when each of the three is.

_TEAM_ROLE = "group__team__memberships__role"
_TEAM_ORGANIZATION_ROLE = "group__team__organization__memberships__role"


def direct_grants_of(user: Any) -> QuerySet[SecurableUserObjectPermission]:
    """The user's direct grant rows."""
    return SecurableUserObjectPermission.objects.filter(user=user)


def _direct_level() -> Case:
    return permission_level()


def _direct_grants_at_least(user: Any, level: AccessLevel) -> QuerySet:
    return direct_grants_of(user).filter(permission__codename__in=_codenames_at_least(level))


def team_grants_of(user: Any) -> QuerySet[SecurableGroupObjectPermission]:
    """Grant rows of the teams the user belongs to, joined to the user's team membership
    and to their membership of the team's organization (whose roles cap the grant).

    A condition on those memberships belongs in this ``filter()``: in a later one it would
    join other memberships of the same team and organization.
    """
    return SecurableGroupObjectPermission.objects.filter(
        group__team__memberships__user=user,
        group__team__organization__memberships__user=user,
    )


def _team_level() -> Least:
    return Least(
        permission_level(),
        _role_cap(_TEAM_ROLE, TEAM_ROLES),
        _role_cap(_TEAM_ORGANIZATION_ROLE, ORGANIZATION_ROLES),
    )


def _team_grants_at_least(user: Any, level: AccessLevel) -> QuerySet:
    # The teams' groups are read first (a handful of the user's memberships), then their
    # grants through the (group, securable, permission) index: no join per grant row.
    groups = TeamMembership.objects.filter(
        user=user,
        role__in=_roles_capped_at_least(TEAM_ROLES, level),
        team__organization__memberships__user=user,
        team__organization__memberships__role__in=_roles_capped_at_least(ORGANIZATION_ROLES, level),
    ).values("team__group_id")
    return SecurableGroupObjectPermission.objects.filter(
        group__in=groups, permission__codename__in=_codenames_at_least(level)
    )


def _highest(grants: QuerySet, level: Case | Least) -> Coalesce:
    """The highest level among the grant rows on the outer query's securable, or 0."""
    return Coalesce(
        Subquery(
            grants.filter(content_object=OuterRef("pk"))
            .annotate(level=level)
            .order_by("-level")
            .values("level")[:1]
        ),
        Value(NO_ACCESS),
        output_field=IntegerField(),
    )


def effective_level(user: Any) -> Case:
    """The user's effective access level to the securable of each row (0: none), as one
    expression to annotate a Securable queryset with."""
    if _has_no_access(user):
        return Value(NO_ACCESS, output_field=IntegerField())
    # Owners and organization managers have the highest level: the grant subqueries are
    # only evaluated for the other rows.
    return Case(
        When(
            Q(owner=user) | Q(organization__in=_managed_organization_ids(user)),
            then=Value(int(AccessLevel.OWN)),
        ),
        default=Greatest(
            _highest(direct_grants_of(user), _direct_level()),
            _highest(team_grants_of(user), _team_level()),
        ),
        output_field=IntegerField(),
    )


def visible_securable_ids(user: Any, min_level: AccessLevel = AccessLevel.READ) -> QuerySet:
    """Ids of the securables the user has at least ``min_level`` on, as one subquery.

    The union of the four sources of the rule, each read through its own index (owner,
    managed organizations, the user's grant rows, their teams' grant rows), so that the
    cost follows what the user may see rather than the number of securables.
    """
    owned = Securable.objects.filter(owner=user).order_by().values("id")
    # A join (one membership per user and organization), not IN (subquery): SQLite then
    # starts from the user's memberships instead of scanning every securable.
    managed = (
        Securable.objects.filter(
            organization__memberships__user=user,
            organization__memberships__role__in=_roles_managing_all_securables(),
        )
        .order_by()
        .values("id")
    )
    direct = _direct_grants_at_least(user, min_level).order_by().values("content_object_id")
    through_teams = _team_grants_at_least(user, min_level).order_by().values("content_object_id")
    return owned.union(managed, direct, through_teams, all=True)


# A list page's sources, one index-ordered cut each: at most this many managed organizations
# or teams are read as a cut of their own; beyond it (rare: a user in more teams than a page
# has rows) their grants are cut together, after a top-N sort of all of them, which is still
# exact but reads every grant of those teams. Each cut is a UNION ALL branch that the planner
# plans on its own (about 0.02 ms each), so the bound keeps planning small too.
MAX_CUTS_PER_SOURCE = 20


@dataclass(frozen=True)
class Reach:
    """What decides a user's access, read in one query for a list page (``reach_of``): the
    organizations they manage every securable of, the groups of their teams with the
    highest level each may give (``TEAM_ROLES``' and ``ORGANIZATION_ROLES``' caps, the
    lower of the two), and the level of each level permission's id. With them as values,
    each source of the rule becomes a plain range of one index."""

    user_id: Any
    managed_organization_ids: tuple
    team_caps: dict[int, int]
    permission_levels: dict[int, int]

    def permissions_at_least(self, level: AccessLevel) -> list[int]:
        return [pk for pk, each in self.permission_levels.items() if each >= level]

    def groups_at_least(self, level: AccessLevel) -> list[int]:
        return [group for group, cap in self.team_caps.items() if cap >= level]


_MANAGED, _TEAM, _PERMISSION = 1, 2, 3


def reach_of(user: Any) -> Reach:
    """The user's ``Reach``, in one query (three small index reads, UNIONed)."""
    nothing_int = Value(None, output_field=IntegerField())
    nothing_text = Value(None, output_field=CharField())
    nothing_uuid = Value(None, output_field=UUIDField())
    managed = (
        Membership.objects.filter(user=user, role__in=_roles_managing_all_securables())
        .order_by()
        .values_list(Value(_MANAGED), "organization_id", nothing_int, "role", nothing_text)
    )
    teams = (
        TeamMembership.objects.filter(user=user, team__organization__memberships__user=user)
        .order_by()
        .values_list(
            Value(_TEAM),
            nothing_uuid,
            "team__group_id",
            "role",
            "team__organization__memberships__role",
        )
    )
    permissions = (
        Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(Securable),
            codename__in=LEVEL_PERMISSIONS.values(),
        )
        .order_by()
        .values_list(Value(_PERMISSION), nothing_uuid, "id", "codename", nothing_text)
    )
    managed_ids, team_caps, permission_levels = [], {}, {}
    for kind, organization_id, number, role, organization_role in managed.union(
        teams, permissions, all=True
    ):
        if kind == _MANAGED:
            managed_ids.append(organization_id)
        elif kind == _TEAM:
            cap = min(
                TEAM_ROLES[role].team_grant_cap,
                ORGANIZATION_ROLES[organization_role].team_grant_cap,
            )
            if cap > NO_ACCESS:
                team_caps[number] = int(cap)
        else:
            permission_levels[number] = int(PERMISSION_LEVELS[role])
    return Reach(user.pk, tuple(managed_ids), team_caps, permission_levels)


def _cut(queryset: QuerySet, securable: str, changed_at: str, limit: int) -> QuerySet:
    return (
        queryset.order_by(f"-{changed_at}", securable)
        .annotate(securable_id=F(securable), changed_at=F(changed_at))
        .values_list("securable_id", "changed_at")[:limit]
    )


def _cuts(queryset: QuerySet, field: str, values: list, cut) -> list[QuerySet]:
    """One cut per value of ``field`` (each served by an index starting with it), or one
    for all of them beyond ``MAX_CUTS_PER_SOURCE``."""
    if not values:
        return []
    if len(values) > MAX_CUTS_PER_SOURCE:
        return [cut(queryset.filter(**{f"{field}__in": values}))]
    return [cut(queryset.filter(**{field: value})) for value in values]


def first_visible_securable_ids(
    reach: Reach, min_level: AccessLevel, *, where: Q, first: int
) -> RawSQL:
    """Ids of the first ``first`` securables matching ``where`` that the user of ``reach``
    has at least ``min_level`` on, most recently changed first, as one subquery.

    Each source of the rule is read in the list's order from an index of its own and cut at
    ``first``: ownership (owner, updated_at), each managed organization (organization,
    updated_at), the user's grants (user, the grant's copy of updated_at), each team's
    grants (group, the copy of updated_at); whichever sources the first rows come from, they
    are among those cuts, and the merge of the cuts (a merge of ordered streams, not a sort)
    stops at ``first`` too. Unlike ``visible_securable_ids``, the cost follows the page, not
    what the user may see. A securable has at most one grant row per level in each source,
    hence the grants' cuts at ``first`` times the number of levels.
    """
    on_securables = partial(_cut, securable="id", changed_at="updated_at", limit=first)
    on_grants = partial(
        _cut,
        securable="content_object_id",
        changed_at="securable_updated_at",
        limit=first * len(LEVEL_PERMISSIONS),
    )
    permissions = reach.permissions_at_least(min_level)
    matching = Securable.objects.filter(where)
    direct = SecurableUserObjectPermission.objects.filter(
        user_id=reach.user_id, permission_id__in=permissions
    )
    through_teams = SecurableGroupObjectPermission.objects.filter(permission_id__in=permissions)
    if where:
        # Read from the grant rows in their own order, each joined to its securable for the
        # filter: a join to the securables first would read every one shared with the user.
        direct = direct.filter(content_object__in=matching.values("id"))
        through_teams = through_teams.filter(content_object__in=matching.values("id"))
    cuts = [
        on_securables(matching.filter(owner_id=reach.user_id)),
        *_cuts(matching, "organization_id", list(reach.managed_organization_ids), on_securables),
        on_grants(direct),
        *_cuts(through_teams, "group_id", reach.groups_at_least(min_level), on_grants),
    ]
    # Assembled by hand: Django neither orders nor limits a UNION that is itself a subquery.
    # Each cut is wrapped (SQLite refuses a LIMIT directly in a UNION); the DISTINCT merges
    # a securable seen through several sources, and its grants' rows of each level.
    parts, params = [], []
    for number, cut in enumerate(cuts):
        sql, cut_params = cut.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS cut_{number}")
        params.extend(cut_params)
    union = " UNION ALL ".join(parts)
    return RawSQL(
        "SELECT securable_id FROM (SELECT DISTINCT securable_id, changed_at "
        f"FROM ({union}) AS cuts ORDER BY changed_at DESC, securable_id LIMIT %s) AS page",
        (*params, first),
    )


def level_within(reach: Reach) -> Case | Value:
    """``effective_level`` for a list page's rows, from the user's ``Reach``: the same rule,
    each of its grant subqueries a read of one index without joins."""
    if reach.managed_organization_ids:
        highest = Q(owner_id=reach.user_id) | Q(organization_id__in=reach.managed_organization_ids)
    else:
        highest = Q(owner_id=reach.user_id)
    direct = _highest(
        SecurableUserObjectPermission.objects.filter(user_id=reach.user_id),
        _lookup_table("permission_id", reach.permission_levels),
    )
    granted = direct
    if reach.team_caps:
        through_teams = _highest(
            SecurableGroupObjectPermission.objects.filter(group_id__in=list(reach.team_caps)),
            Least(
                _lookup_table("permission_id", reach.permission_levels),
                _lookup_table("group_id", reach.team_caps),
            ),
        )
        granted = Greatest(direct, through_teams)
    return Case(
        When(highest, then=Value(int(AccessLevel.OWN))),
        default=granted,
        output_field=IntegerField(),
    )


def securables_with_level(
    user: Any,
    min_level: AccessLevel | int | None = None,
    *,
    where: Q | None = None,
    first: int | None = None,
) -> QuerySet:
    """Securables matching ``where`` that the user has at least ``min_level`` (default:
    read) on, annotated with ``access_level``; with ``first``, only (at least) the first
    ``first`` of them, most recently changed first (``first_visible_securable_ids``)."""
    if _has_no_access(user) or (first is not None and first <= 0):
        return Securable.objects.none()
    min_level = clean_access_level(min_level or AccessLevel.READ)
    where = where or Q()
    if first is None:
        return (
            Securable.objects.filter(pk__in=visible_securable_ids(user, min_level))
            .filter(where)
            .annotate(access_level=effective_level(user))
        )
    # A page: what decides the user's access is read first (one small query), so that the
    # page's query is a few index ranges the planner plans quickly and stops early; the
    # level is computed for the page's rows only, and ``where`` was applied in each cut.
    reach = reach_of(user)
    return Securable.objects.filter(
        pk__in=first_visible_securable_ids(reach, min_level, where=where, first=first)
    ).annotate(access_level=level_within(reach))


def securable_access_level(user: Any, securable: Securable | Any) -> int:
    """The user's effective level on one securable (0: none), in one query."""
    if _has_no_access(user):
        return NO_ACCESS
    securable_id = getattr(securable, "pk", securable)
    level = (
        Securable.objects.filter(pk=securable_id)
        .annotate(access_level=effective_level(user))
        .values_list("access_level", flat=True)
        .first()
    )
    return level or NO_ACCESS


def require_securable_level(user: Any, securable: Securable, level: AccessLevel) -> int:
    """The user's level if at least ``level``. Invisible is a 404 (NotFound); visible but
    below ``level`` is a 403 (PermissionDenied)."""
    actual = securable_access_level(user, securable)
    if actual == NO_ACCESS:
        raise NotFound(ERR_SECURABLE_NOT_FOUND)
    if actual < level:
        raise PermissionDenied(ERR_LEVEL_TOO_LOW)
    return actual
