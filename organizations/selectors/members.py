"""Reads of the organization domain: querysets with the joins their pages need.

Each selector decides its joins once, so a page or an endpoint that lists its rows runs a
fixed number of queries whatever the number of rows.
"""

from django.db.models import F, Prefetch, Q, QuerySet

from accounts.models import User, email_normalize
from organizations.models import (
    Invitation,
    Membership,
    Organization,
    TeamMembership,
)
from organizations.roles import ORGANIZATION_ROLES, OrganizationRole

# The orders a member list offers, each served by an index of the membership table (see
# Membership.Meta.indexes) whatever the organization's size; role sorts by rank, owner first.
MEMBER_ORDERS = {
    "name": ("user_name", "user_email", "id"),
    "email": ("user_email", "id"),
    "joined": ("created_at", "id"),
    "role": ("-role_rank", "user_name", "user_email", "id"),
}
DEFAULT_MEMBER_ORDER = "name"


def _reversed(field: str) -> str:
    return field[1:] if field.startswith("-") else f"-{field}"


def organization_members(
    organization: Organization,
    *,
    order: str = DEFAULT_MEMBER_ORDER,
    descending: bool = False,
    search: str = "",
    role: str = "",
    team_id=None,
) -> QuerySet[Membership]:
    """Members with their user and, as ``organization_team_memberships``, their teams in
    this organization (two queries a page), in one of ``MEMBER_ORDERS``, optionally only
    those whose name or e-mail contains ``search``, of one role, or of one team here."""
    team_memberships = TeamMembership.objects.filter(
        team__organization=organization
    ).select_related("team")
    members = Membership.objects.filter(organization=organization)
    if search:
        members = members.filter(Q(user_name__icontains=search) | Q(user_email__icontains=search))
    if role in ORGANIZATION_ROLES:
        # By rank: the same index then serves the filter and the order by name.
        members = members.filter(role_rank=ORGANIZATION_ROLES[role].rank)
    elif role:
        members = members.none()
    if team_id is not None:
        # The team must be of this organization: another organization's team matches nobody.
        members = members.filter(
            user__team_memberships__team_id=team_id,
            user__team_memberships__team__organization_id=F("organization_id"),
        )
    fields = MEMBER_ORDERS.get(order, MEMBER_ORDERS[DEFAULT_MEMBER_ORDER])
    return (
        members.select_related("user")
        .prefetch_related(
            Prefetch(
                "user__team_memberships",
                queryset=team_memberships.order_by("team__name"),
                to_attr="organization_team_memberships",
            )
        )
        .order_by(*(_reversed(field) if descending else field for field in fields))
    )


def organization_membership(organization: Organization, user: User) -> Membership | None:
    """The user's membership of the organization, with both (one query), or None."""
    return (
        Membership.objects.filter(organization=organization, user=user)
        .select_related("organization", "user")
        .first()
    )


def organization_deciding_rights_over(*, acting_user: User, user: User) -> Organization | None:
    """The organization where the acting user's rights over another user are decided: the
    acting user's active one if the user is a member there, else the oldest one they share
    (by the user's membership); None when they share none (one query)."""
    shared = list(
        Membership.objects.filter(
            user=user,
            organization__in=Membership.objects.filter(user=acting_user).values("organization_id"),
        )
        .select_related("organization")
        .order_by("created_at")
    )
    return next(
        (
            membership.organization
            for membership in shared
            if membership.organization_id == acting_user.active_organization_id
        ),
        shared[0].organization if shared else None,
    )


def organization_seats_taken(organization: Organization) -> int:
    """Members plus pending, still valid invitations: what the plan's seat limit counts."""
    return (
        Membership.objects.filter(organization=organization).count()
        + Invitation.objects.filter(organization=organization).pending().count()
    )


def ownership_candidates(organization: Organization) -> QuerySet[Membership]:
    """Members who may receive ownership: every accepted member but the owner (one query)."""
    return (
        Membership.objects.filter(organization=organization)
        .exclude(role=OrganizationRole.OWNER)
        .select_related("user")
        .order_by(*MEMBER_ORDERS[DEFAULT_MEMBER_ORDER])
    )


# How many members a text input for one member suggests as it is typed into (a <datalist>).
MEMBER_SUGGESTIONS = 20


def members_named(candidates: QuerySet[Membership], text: str) -> QuerySet[Membership]:
    """The candidates whose e-mail is ``text`` in any case (e-mails are stored lowercased),
    or whose name is exactly ``text``: each an equality on an index of the membership
    table, whatever the organization's size."""
    text = text.strip()
    if "\x00" in text:  # no name or e-mail holds one (and PostgreSQL refuses it in a query)
        return candidates.none()
    return candidates.filter(Q(user_email=email_normalize(text)) | Q(user_name=text))


def member_suggestions(
    candidates: QuerySet[Membership], text: str = "", *, limit: int = MEMBER_SUGGESTIONS
) -> list[Membership]:
    """The first ``limit`` candidates by name whose e-mail or name starts with ``text``
    (all of them when it is empty): one query, read along the order's index."""
    text = text.strip()
    if "\x00" in text:
        return []
    if text:
        candidates = candidates.filter(
            Q(user_email__startswith=email_normalize(text)) | Q(user_name__istartswith=text)
        )
    return list(candidates.order_by(*MEMBER_ORDERS[DEFAULT_MEMBER_ORDER])[:limit])


def member_values(members: QuerySet[Membership]) -> QuerySet:
    """``organization_members`` (filtered, ordered) as dictionaries, for ``member_rows``
    once paged: no model instance, for lists read by scripts (the REST member list)."""
    return (
        members.select_related(None)
        .prefetch_related(None)
        .values("organization_id", "user_id", "user_email", "user_name", "role", "created_at")
    )


def member_rows(page: list[dict]) -> list[dict]:
    """A page of ``member_values`` as members (a member's id is their user's) with
    ``teams`` of this organization by name: one query of dictionaries for all the page."""
    if not page:
        return []
    teams: dict = {row["user_id"]: [] for row in page}
    for team in (
        TeamMembership.objects.filter(
            user_id__in=list(teams), team__organization_id=page[0]["organization_id"]
        )
        .order_by("team__name", "pk")
        .values("user_id", "role", team_ref=F("team_id"), team_name=F("team__name"))
    ):
        teams[team["user_id"]].append(
            {"id": team["team_ref"], "name": team["team_name"], "role": team["role"]}
        )
    return [
        {
            "id": row["user_id"],
            "email": row["user_email"],
            "name": row["user_name"],
            "role": row["role"],
            "teams": teams[row["user_id"]],
            "joined_at": row["created_at"],
        }
        for row in page
    ]
