"""Dashboards and datasets, and their sharing with users and teams.

A share at a level is stored as django-guardian object permissions in the securables' direct
permission tables: that level's permission and every one below it (the levels are
cumulative). Who may act is decided by ``organizations.securable_access``, never by
``user.has_perm``; operators act through the ``as_operator`` paths (the admin).
"""

import re
from typing import Any

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from common.errors import InvalidInput, NotFound, PermissionDenied
from common.localized import clean_localized_text
from organizations.models import (
    LEVEL_PERMISSIONS,
    AuditAction,
    Membership,
    Organization,
    Securable,
    SecurableGroupObjectPermission,
    SecurableType,
    SecurableUserObjectPermission,
    Team,
)
from organizations.roles import ERR_NOT_ALLOWED, AccessLevel, Capability, organization_role_has
from organizations.securable_access import (
    ERR_SECURABLE_NOT_FOUND,
    LEVEL_TO_DELETE,
    LEVEL_TO_EDIT,
    LEVEL_TO_SHARE,
    clean_access_level,
    require_securable_level,
)
from organizations.selectors.organizations import ERR_ORGANIZATION_NOT_FOUND
from organizations.services.access import require_operator
from organizations.services.audit import audit_record

ERR_TYPE_INVALID = _("Choose a type: dashboard or dataset.")
ERR_CONTENTS_INVALID = _("The contents must be a JSON object.")
ERR_CONTENTS_NULL_CHARACTER = _("The contents can't hold the null character (\\u0000).")
ERR_CONTENTS_SURROGATE = _("The contents can't hold an unpaired surrogate (\\ud800 to \\udfff).")
ERR_DESCRIPTION_TOO_LONG = _("A description has at most 2000 characters per language.")
ERR_USER_UNKNOWN = _("No user has the e-mail address %(email)s.")
ERR_SHARE_WITH_SELF = _("You can't share with yourself.")
ERR_SHARE_WITH_OWNER = _("%(user)s owns this dashboard or dataset and already has full access.")
ERR_SHARE_NOT_FOUND = _("This dashboard or dataset is not shared with them.")
ERR_SHARE_TARGET = _("Share with either a user or a team.")

# Marks a keyword argument of securable_update that the caller did not pass.
UNCHANGED: Any = object()


def _clean_type(type: str) -> str:
    if type not in SecurableType.values:
        raise InvalidInput(ERR_TYPE_INVALID, field="type")
    return type


def _clean_description(description: Any) -> dict[str, str]:
    if description in (None, {}, ""):
        return {}
    return clean_localized_text(description, field="description", max_length=2000)


NULL_CHARACTER = re.compile("\x00")
UNPAIRED_SURROGATE = re.compile("[\ud800-\udfff]")


def _holds(value: Any, character: re.Pattern) -> bool:
    if isinstance(value, str):
        return character.search(value) is not None
    if isinstance(value, dict):
        return any(_holds(key, character) or _holds(item, character) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds(item, character) for item in value)
    return False


def _clean_contents(contents: Any) -> dict:
    if contents is None:
        return {}
    if not isinstance(contents, dict):
        raise InvalidInput(ERR_CONTENTS_INVALID, field="contents")
    # PostgreSQL's jsonb stores no U+0000 and no unpaired surrogate in any string: refused
    # here, not as a server error.
    if _holds(contents, NULL_CHARACTER):
        raise InvalidInput(ERR_CONTENTS_NULL_CHARACTER, field="contents")
    if _holds(contents, UNPAIRED_SURROGATE):
        raise InvalidInput(ERR_CONTENTS_SURROGATE, field="contents")
    return contents


def _hold_organization(organization_id: Any) -> None:
    """Takes a key-share lock on the organization's row before anything else.

    It is the lock that inserting a securable or an audit event takes anyway (their
    foreign key), taken first: membership changes lock the organization first too (FOR
    UPDATE, which waits for it), so the two always lock in the same order and never
    deadlock. It doesn't hold back other securable changes of the organization. The ORM
    only has FOR UPDATE and FOR NO KEY UPDATE, both of which would.
    """
    if not connection.features.has_select_for_update:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {Organization._meta.db_table} WHERE id = %s FOR KEY SHARE",
            [organization_id],
        )


def _locked(securable: Securable) -> Securable:
    """Locks the securable's row: changes to one securable and its shares run one after
    the other, so two concurrent shares can't leave a mixed set of permissions."""
    _hold_organization(securable.organization_id)
    locked = (
        Securable.objects.select_for_update(of=("self",))
        .select_related("organization", "owner")
        .filter(pk=securable.pk)
        .first()
    )
    if locked is None:
        raise NotFound(ERR_SECURABLE_NOT_FOUND)
    return locked


def _require(
    acting_user: User, securable: Securable, level: AccessLevel, *, as_operator: bool
) -> Securable:
    """Locks the securable and checks the acting user's level on it (or that they are an
    operator acting from the admin)."""
    if as_operator:
        require_operator(acting_user)
    locked = _locked(securable)
    if not as_operator:
        require_securable_level(acting_user, locked, level)
    return locked


def _level_permissions() -> dict[AccessLevel, Permission]:
    content_type = ContentType.objects.get_for_model(Securable)
    by_codename = {
        permission.codename: permission
        for permission in Permission.objects.filter(
            content_type=content_type, codename__in=LEVEL_PERMISSIONS.values()
        )
    }
    return {level: by_codename[codename] for level, codename in LEVEL_PERMISSIONS.items()}


def _grant_rows(securable: Securable, *, user: User | None = None, team: Team | None = None):
    if user is not None:
        return SecurableUserObjectPermission.objects.filter(content_object=securable, user=user)
    return SecurableGroupObjectPermission.objects.filter(
        content_object=securable, group_id=team.group_id
    )


def _current_level(rows) -> int:
    codenames = set(rows.values_list("permission__codename", flat=True))
    return max(
        (int(level) for level, codename in LEVEL_PERMISSIONS.items() if codename in codenames),
        default=0,
    )


def _store_level(
    securable: Securable, level: AccessLevel, *, user: User | None = None, team: Team | None = None
) -> None:
    """Stores a share as the level's permission and every one below it (cumulative)."""
    permissions = _level_permissions()
    kept = [permissions[below] for below in AccessLevel if below <= level]
    dropped = [permissions[above] for above in AccessLevel if above > level]
    _grant_rows(securable, user=user, team=team).filter(permission__in=dropped).delete()
    if user is not None:
        rows = [
            SecurableUserObjectPermission(
                content_object=securable,
                user=user,
                permission=perm,
                securable_updated_at=securable.updated_at,
            )
            for perm in kept
        ]
        SecurableUserObjectPermission.objects.bulk_create(rows, ignore_conflicts=True)
    else:
        rows = [
            SecurableGroupObjectPermission(
                content_object=securable,
                group_id=team.group_id,
                permission=perm,
                securable_updated_at=securable.updated_at,
            )
            for perm in kept
        ]
        SecurableGroupObjectPermission.objects.bulk_create(rows, ignore_conflicts=True)


def _share_audit_data(
    securable: Securable, *, team: Team | None = None, **extra: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "securable_id": str(securable.pk),
        "securable": securable.display_name,
        "type": securable.type,
        **extra,
    }
    if team is not None:
        data["team_id"] = str(team.pk)
        data["team"] = team.name
        if team.organization_id != securable.organization_id:
            data["team_organization_id"] = str(team.organization_id)
    return data


@transaction.atomic
def securable_create(
    *,
    acting_user: User,
    organization: Organization,
    type: str,
    name: dict[str, str],
    description: dict[str, str] | None = None,
    contents: dict | None = None,
) -> Securable:
    """Creates a dashboard or dataset owned by the acting user (organization owners, admins
    and members; viewers can't). It is private to its owner and the organization's owner
    and admins until shared."""
    # Read under the organization's lock: a concurrent removal of the author either waits
    # for this securable (and hands it to the owner) or has already happened (and this is
    # refused).
    _hold_organization(organization.pk)
    membership = Membership.objects.filter(user=acting_user, organization=organization).first()
    if membership is None:
        raise NotFound(ERR_ORGANIZATION_NOT_FOUND)
    if not organization_role_has(membership.role, Capability.CREATE_SECURABLES):
        raise PermissionDenied(ERR_NOT_ALLOWED)
    securable = Securable.objects.create(
        organization=organization,
        owner=acting_user,
        type=_clean_type(type),
        name=clean_localized_text(name, field="name"),
        description=_clean_description(description),
        contents=_clean_contents(contents),
    )
    audit_record(
        action=AuditAction.SECURABLE_CREATED,
        organization=organization,
        actor=acting_user,
        data=_share_audit_data(securable),
    )
    return securable


@transaction.atomic
def securable_update(
    *,
    acting_user: User,
    securable: Securable,
    name: dict[str, str] = UNCHANGED,
    description: dict[str, str] | None = UNCHANGED,
    contents: dict | None = UNCHANGED,
    as_operator: bool = False,
) -> Securable:
    """Changes the name, description or contents ("modify" level and above)."""
    securable = _require(acting_user, securable, LEVEL_TO_EDIT, as_operator=as_operator)
    changes: dict[str, Any] = {}
    if name is not UNCHANGED:
        changes["name"] = clean_localized_text(name, field="name")
    if description is not UNCHANGED:
        changes["description"] = _clean_description(description)
    if contents is not UNCHANGED:
        changes["contents"] = _clean_contents(contents)
    changed = sorted(
        field for field, value in changes.items() if getattr(securable, field) != value
    )
    if not changed:
        return securable
    for field in changed:
        setattr(securable, field, changes[field])
    securable.save(update_fields=[*changed, "updated_at"])
    # The grants' copy of the list order (see SecurableUserObjectPermission).
    for grants in (securable.user_grants, securable.team_grants):
        grants.update(securable_updated_at=securable.updated_at)
    audit_record(
        action=AuditAction.SECURABLE_UPDATED,
        organization=securable.organization,
        actor=acting_user,
        by_operator=as_operator,
        data=_share_audit_data(securable, fields=changed),
    )
    return securable


@transaction.atomic
def securable_delete(*, acting_user: User, securable: Securable, as_operator: bool = False) -> None:
    """Deletes a securable with every share of it ("own" level: its owner, the
    organization's owner and admins, and whoever it was shared with at "own")."""
    securable = _require(acting_user, securable, LEVEL_TO_DELETE, as_operator=as_operator)
    audit_record(
        action=AuditAction.SECURABLE_DELETED,
        organization=securable.organization,
        actor=acting_user,
        by_operator=as_operator,
        data=_share_audit_data(securable, owner=securable.owner.email),
    )
    # The grant rows go with it (their foreign keys cascade).
    securable.delete()


def _share(
    acting_user: User,
    securable: Securable,
    level: Any,
    *,
    user: User | None,
    team: Team | None,
    as_operator: bool,
    must_exist: bool,
) -> AccessLevel:
    if (user is None) == (team is None):
        raise InvalidInput(ERR_SHARE_TARGET)
    level = clean_access_level(level)
    securable = _require(acting_user, securable, LEVEL_TO_SHARE, as_operator=as_operator)
    if user is not None:
        if user.pk == acting_user.pk:
            raise InvalidInput(ERR_SHARE_WITH_SELF, field="email")
        if user.pk == securable.owner_id:
            raise InvalidInput(ERR_SHARE_WITH_OWNER % {"user": user.email}, field="email")
    previous = _current_level(_grant_rows(securable, user=user, team=team))
    if must_exist and not previous:
        raise NotFound(ERR_SHARE_NOT_FOUND)
    if previous == level:
        return level
    _store_level(securable, level, user=user, team=team)
    audit_record(
        action=AuditAction.SECURABLE_SHARE_CHANGED if previous else AuditAction.SECURABLE_SHARED,
        organization=securable.organization,
        actor=acting_user,
        target_user=user,
        by_operator=as_operator,
        data=_share_audit_data(
            securable,
            team=team,
            level=level.name.lower(),
            **({"from": AccessLevel(previous).name.lower()} if previous else {}),
        ),
    )
    return level


@transaction.atomic
def securable_share_with_user(
    *,
    acting_user: User,
    securable: Securable,
    email: str,
    level: AccessLevel | int | str,
    as_operator: bool = False,
) -> User:
    """Shares with the user who has this e-mail address, in any organization, at a level
    ("own" level required). Sharing again with the same user sets the new level."""
    email = (email or "").strip()
    user = User.objects.filter(email__iexact=email, is_active=True).first() if email else None
    if user is None:
        raise InvalidInput(ERR_USER_UNKNOWN % {"email": email}, field="email")
    _share(
        acting_user,
        securable,
        level,
        user=user,
        team=None,
        as_operator=as_operator,
        must_exist=False,
    )
    return user


@transaction.atomic
def securable_share_with_team(
    *,
    acting_user: User,
    securable: Securable,
    team: Team,
    level: AccessLevel | int | str,
    as_operator: bool = False,
) -> Team:
    """Shares with a team, of this or another organization, at a level ("own" level
    required). Its members get at most what their team role and their role in the team's
    organization allow. Sharing again with the same team sets the new level."""
    _share(
        acting_user,
        securable,
        level,
        user=None,
        team=team,
        as_operator=as_operator,
        must_exist=False,
    )
    return team


@transaction.atomic
def securable_share_change(
    *,
    acting_user: User,
    securable: Securable,
    level: AccessLevel | int | str,
    user: User | None = None,
    team: Team | None = None,
    as_operator: bool = False,
) -> AccessLevel:
    """Changes the level of an existing share with a user or a team ("own" level
    required)."""
    return _share(
        acting_user,
        securable,
        level,
        user=user,
        team=team,
        as_operator=as_operator,
        must_exist=True,
    )


@transaction.atomic
def securable_unshare(
    *,
    acting_user: User,
    securable: Securable,
    user: User | None = None,
    team: Team | None = None,
    as_operator: bool = False,
) -> None:
    """Revokes the share with a user or a team ("own" level required). The owner's and the
    organization managers' access is not a share and can't be revoked."""
    if (user is None) == (team is None):
        raise InvalidInput(ERR_SHARE_TARGET)
    securable = _require(acting_user, securable, LEVEL_TO_SHARE, as_operator=as_operator)
    rows = _grant_rows(securable, user=user, team=team)
    previous = _current_level(rows)
    if not previous:
        raise NotFound(ERR_SHARE_NOT_FOUND)
    rows.delete()
    audit_record(
        action=AuditAction.SECURABLE_UNSHARED,
        organization=securable.organization,
        actor=acting_user,
        target_user=user,
        by_operator=as_operator,
        data=_share_audit_data(securable, team=team, level=AccessLevel(previous).name.lower()),
    )
