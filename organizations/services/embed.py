"""Embed authorizations: short-lived key/token pairs for an organization's end users.

An owner or admin of an organization (``Capability.MANAGE_EMBEDDING``) asks for a pair for
one of the organization's end users, named by an immutable ``username``: the first request
creates that end user (no password, no membership, no UI login) in a suborganization of the
caller's organization, created on first use; later requests update and reuse them. The pair
reads exactly the securables granted with it, each at most at the level the caller holds
and only if the caller may share it, until it expires, goes unused for its inactivity
interval, or is revoked. Tokens are stored hashed, as API tokens are; every creation is
audited in the parent organization.
"""

import hmac
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from common.errors import InvalidInput, NotFound, PermissionDenied
from common.hashing import token_hash
from common.locales import is_locale
from organizations.models import (
    AuditAction,
    EmbedAuthorization,
    EmbedGrant,
    EndUser,
    EndUserRole,
    Organization,
    Securable,
    Suborganization,
)
from organizations.roles import AccessLevel, Capability
from organizations.securable_access import LEVEL_TO_SHARE, securables_with_level
from organizations.services.access import (
    lock_organization,
    require_capability,
    require_operator,
)
from organizations.services.audit import audit_record
from organizations.services.organization import _unique_slug

# Luzmo's default life of an embed token; the maximum keeps "short-lived" true.
DEFAULT_EMBED_EXPIRY = timedelta(hours=24)
MAX_EMBED_EXPIRY = timedelta(days=365)
# last_used_at is written at most this often (and more often for short inactivity
# intervals, see _use_resolution), so that a read is not a write every time.
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_METADATA_CHARACTERS = 10_000
# End users log in nowhere: their account's address is a placeholder of this reserved
# domain (RFC 2606), so it never collides with, or receives the mail of, a real account.
END_USER_EMAIL_DOMAIN = "end-users.invalid"

ERR_USERNAME_REQUIRED = _("Give the end user's username: your own immutable id for them.")
ERR_USERNAME_TOO_LONG = _("A username has at most 255 characters.")
ERR_NAME_TOO_LONG = _("A name has at most 150 characters.")
ERR_EMAIL_INVALID = _("Enter a valid e-mail address.")
ERR_SUBORGANIZATION_TOO_LONG = _("A suborganization's name has at most 200 characters.")
ERR_ROLE_INVALID = _("Choose a role: viewer, designer or owner.")
ERR_LOCALE_INVALID = _("Give a language code such as en, nl or fr.")
ERR_METADATA = _("Give the metadata as an object of at most 10,000 characters.")
ERR_EXPIRY_PAST = _("The expiry must be in the future.")
ERR_EXPIRY_TOO_FAR = _("An embed authorization lives at most one year.")
ERR_INACTIVITY_INVALID = _("The inactivity interval must be longer than zero.")
ERR_SECURABLE_NOT_FOUND = _("No dashboard or dataset of your organization has this id.")
ERR_SECURABLE_WRONG_TYPE = _("This id is a %(actual)s, not a %(expected)s.")
ERR_CANNOT_SHARE = _(
    "You may not share this %(type)s: an embed authorization grants only what you may share."
)
ERR_LEVEL_ABOVE_OWN = _("You can't grant more than your own access (%(level)s).")
ERR_END_USER_NOT_FOUND = _("End user not found.")
ERR_AUTHORIZATION_NOT_FOUND = _("Embed authorization not found.")


@dataclass(frozen=True)
class AccessRequest:
    """One securable an embed authorization should read: its id, the type the request
    filed it under (None: either), the level, and the request's field for errors."""

    securable_id: Any
    type: str | None
    level: AccessLevel
    field: str


def _clean_text(value: str | None, *, max_length: int, field: str, message: Any) -> str:
    value = (value or "").strip()
    if len(value) > max_length:
        raise InvalidInput(message, field=field)
    return value


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise InvalidInput(ERR_EMAIL_INVALID, field="email") from error
    return email


def _clean_locale(locale: str) -> str:
    locale = (locale or "").strip()
    # Any language of Luzmo's catalogue is stored; the UI speaks its own three.
    parts = locale.split("-")
    if locale and not (
        len(locale) <= 16 and 2 <= len(parts[0]) <= 3 and all(p.isalnum() for p in parts)
    ):
        raise InvalidInput(ERR_LOCALE_INVALID, field="locale")
    return locale


def _clean_metadata(metadata: Any) -> dict:
    if metadata is None:
        return {}
    if not isinstance(metadata, dict) or len(json.dumps(metadata)) > MAX_METADATA_CHARACTERS:
        raise InvalidInput(ERR_METADATA, field="metadata")
    return metadata


def _clean_lifetime(
    expires_at: datetime | None, inactivity_interval: timedelta | None, now: datetime
) -> tuple[datetime, timedelta | None]:
    expires_at = expires_at or now + DEFAULT_EMBED_EXPIRY
    if expires_at <= now:
        raise InvalidInput(ERR_EXPIRY_PAST, field="expiry")
    if expires_at > now + MAX_EMBED_EXPIRY:
        raise InvalidInput(ERR_EXPIRY_TOO_FAR, field="expiry")
    if inactivity_interval is not None and inactivity_interval <= timedelta(0):
        raise InvalidInput(ERR_INACTIVITY_INVALID, field="inactivity_interval")
    return expires_at, inactivity_interval


def _granted_levels(
    acting_user: User, organization: Organization, access: list[AccessRequest]
) -> dict[uuid.UUID, AccessLevel]:
    """The levels to grant, by securable id, after the rules: each id names a securable of
    the organization that the acting user sees (else 404), of the type it was filed under,
    that they may share (else 403), at most at their own level. One query for the list."""
    ids = {
        request.securable_id for request in access if isinstance(request.securable_id, uuid.UUID)
    }
    visible = {
        securable.pk: securable
        for securable in securables_with_level(acting_user).filter(
            pk__in=ids, organization=organization
        )
    }
    levels: dict[uuid.UUID, AccessLevel] = {}
    for request in access:
        securable: Securable | None = visible.get(request.securable_id)
        if securable is None:
            raise NotFound(ERR_SECURABLE_NOT_FOUND, field=request.field)
        if request.type is not None and securable.type != request.type:
            raise InvalidInput(
                ERR_SECURABLE_WRONG_TYPE % {"actual": securable.type, "expected": request.type},
                field=request.field,
            )
        if securable.access_level < LEVEL_TO_SHARE:
            raise PermissionDenied(ERR_CANNOT_SHARE % {"type": securable.type}, field=request.field)
        if request.level > securable.access_level:
            raise PermissionDenied(
                ERR_LEVEL_ABOVE_OWN % {"level": AccessLevel(securable.access_level).label},
                field=request.field,
            )
        levels[securable.pk] = max(request.level, levels.get(securable.pk, request.level))
    return levels


def _suborganization(*, acting_user: User, parent: Organization, name: str) -> Suborganization:
    """The parent's suborganization of that name, created on first use in the parent's
    region, with its plan, country and language. The parent is locked by the caller."""
    existing = Suborganization.objects.filter(parent=parent, name=name).select_related(
        "organization"
    )
    suborganization = existing.first()
    if suborganization is not None:
        return suborganization
    localized = {"en": name}
    organization = Organization.objects.create(
        name=localized,
        slug=_unique_slug({"en": f"{parent.slug} {name}"}),
        region=parent.region,
        country=parent.country,
        locale=parent.locale,
        plan=parent.plan,
    )
    suborganization = Suborganization.objects.create(
        organization=organization, parent=parent, name=name
    )
    audit_record(
        action=AuditAction.SUBORGANIZATION_CREATED,
        organization=parent,
        actor=acting_user,
        data={"suborganization": name, "organization_id": str(organization.pk)},
    )
    return suborganization


def _ui_language(locale: str) -> str:
    """The account's language: the locale's language when it is in Luzmo's catalogue (the
    UI shows those it doesn't speak in English), else none."""
    language = locale.split("-")[0].lower()
    return language if is_locale(language) else ""


def _end_user(
    *,
    acting_user: User,
    parent: Organization,
    suborganization: Suborganization,
    username: str,
    name: str,
    email: str,
    role: str,
    locale: str,
) -> EndUser:
    """The end user of that username, updated; created on first use. The parent is locked
    by the caller, so two first requests for one username create one end user."""
    end_user = (
        EndUser.objects.select_related("user", "suborganization__organization")
        .filter(parent=parent, username=username)
        .first()
    )
    if end_user is not None:
        changes = {
            "email": email,
            "role": role,
            "locale": locale,
            "suborganization": suborganization,
        }
        for field, value in changes.items():
            setattr(end_user, field, value)
        end_user.save(update_fields=[*changes, "updated_at"])
        user = end_user.user
        user.name = name
        user.locale = _ui_language(locale)
        user.active_organization = suborganization.organization
        user.save(update_fields=["name", "locale", "active_organization", "updated_at"])
        return end_user
    user = User(
        email=f"{uuid.uuid4()}@{END_USER_EMAIL_DOMAIN}",
        name=name,
        locale=_ui_language(locale),
        active_organization=suborganization.organization,
    )
    # No password: end users act through their embed pairs only.
    user.set_unusable_password()
    user.save()
    try:
        # The unique index backs the parent's lock (and SQLite, which has no row locks).
        with transaction.atomic():
            end_user = EndUser.objects.create(
                user=user,
                parent=parent,
                suborganization=suborganization,
                username=username,
                email=email,
                role=role,
                locale=locale,
            )
    except IntegrityError:
        # Another request created them first (possible without row locks): theirs wins.
        user.delete()
        if not EndUser.objects.filter(parent=parent, username=username).exists():
            raise
        return _end_user(
            acting_user=acting_user,
            parent=parent,
            suborganization=suborganization,
            username=username,
            name=name,
            email=email,
            role=role,
            locale=locale,
        )
    audit_record(
        action=AuditAction.END_USER_CREATED,
        organization=parent,
        actor=acting_user,
        target_user=user,
        target_email=email,
        data={"username": username, "suborganization": suborganization.name},
    )
    return end_user


@transaction.atomic
def embed_authorization_create(
    *,
    acting_user: User,
    organization: Organization,
    username: str,
    name: str = "",
    email: str = "",
    suborganization: str = "",
    role: str = EndUserRole.VIEWER,
    access: list[AccessRequest] = (),
    expires_at: datetime | None = None,
    inactivity_interval: timedelta | None = None,
    locale: str = "",
    metadata: dict | None = None,
) -> tuple[EmbedAuthorization, str]:
    """Creates an embed pair for the organization's end user ``username`` (owner or admin),
    creating the end user and their suborganization (default: one named after the
    username) on first use. Returns the authorization and its token, shown once."""
    organization = lock_organization(organization)
    require_capability(acting_user, organization, Capability.MANAGE_EMBEDDING)
    username = _clean_text(
        username, max_length=255, field="username", message=ERR_USERNAME_TOO_LONG
    )
    if not username:
        raise InvalidInput(ERR_USERNAME_REQUIRED, field="username")
    name = _clean_text(name, max_length=150, field="name", message=ERR_NAME_TOO_LONG) or username
    email = _clean_email(email)
    suborganization_name = (
        _clean_text(
            suborganization,
            max_length=200,
            field="suborganization",
            message=ERR_SUBORGANIZATION_TOO_LONG,
        )
        or username[:200]
    )
    role = role or EndUserRole.VIEWER
    if role not in EndUserRole.values:
        raise InvalidInput(ERR_ROLE_INVALID, field="role")
    locale = _clean_locale(locale)
    metadata = _clean_metadata(metadata)
    now = timezone.now()
    expires_at, inactivity_interval = _clean_lifetime(expires_at, inactivity_interval, now)
    levels = _granted_levels(acting_user, organization, list(access))

    end_user = _end_user(
        acting_user=acting_user,
        parent=organization,
        suborganization=_suborganization(
            acting_user=acting_user, parent=organization, name=suborganization_name
        ),
        username=username,
        name=name,
        email=email,
        role=role,
        locale=locale,
    )
    token = secrets.token_urlsafe(32)
    authorization = EmbedAuthorization.objects.create(
        end_user=end_user,
        created_by=acting_user,
        token_hash=token_hash(token),
        expires_at=expires_at,
        inactivity_interval=inactivity_interval,
        metadata=metadata,
    )
    EmbedGrant.objects.bulk_create(
        EmbedGrant(authorization=authorization, securable_id=securable_id, level=int(level))
        for securable_id, level in levels.items()
    )
    audit_record(
        action=AuditAction.EMBED_AUTHORIZATION_CREATED,
        organization=organization,
        actor=acting_user,
        target_user=end_user.user,
        target_email=end_user.email,
        data={
            "username": username,
            "suborganization": end_user.suborganization.name,
            "securables": {str(pk): int(level) for pk, level in levels.items()},
            "expires_at": expires_at.isoformat(),
        },
    )
    return authorization, token


def _use_resolution(authorization: EmbedAuthorization) -> timedelta:
    if authorization.inactivity_interval is None:
        return LAST_USED_RESOLUTION
    return min(LAST_USED_RESOLUTION, authorization.inactivity_interval / 10)


def embed_authorization_authenticate(*, key: str, token: str) -> EmbedAuthorization | None:
    """The usable embed authorization of a key/token pair, or None: unknown, wrong token,
    revoked, expired, or unused for longer than its inactivity interval. The token is
    compared in constant time; a use is recorded (at a resolution below the interval)."""
    try:
        key_id = uuid.UUID(str(key))
    except ValueError:
        key_id = None
    authorization = (
        EmbedAuthorization.objects.usable()
        .select_related("end_user__user", "end_user__suborganization")
        .filter(pk=key_id)
        .first()
        if key_id is not None
        else None
    )
    expected = authorization.token_hash if authorization is not None else token_hash("")
    matches = hmac.compare_digest(expected, token_hash(token or ""))
    if authorization is None or not matches or not authorization.end_user.user.is_active:
        return None
    now = timezone.now()
    if authorization.idle_since(now):
        return None
    last_used = authorization.last_used_at
    if last_used is None or now - last_used > _use_resolution(authorization):
        EmbedAuthorization.objects.filter(pk=authorization.pk).update(last_used_at=now)
        EndUser.objects.filter(pk=authorization.end_user_id).update(last_used_at=now)
        authorization.last_used_at = now
    return authorization


def _end_user_of(organization: Organization, end_user_id: Any) -> EndUser:
    end_user = (
        EndUser.objects.select_related("user").filter(parent=organization, pk=end_user_id).first()
        if end_user_id is not None
        else None
    )
    if end_user is None:
        raise NotFound(ERR_END_USER_NOT_FOUND)
    return end_user


def _revoke(
    *,
    acting_user: User,
    organization: Organization,
    end_user: EndUser,
    rows,
    by_operator: bool = False,
) -> int:
    revoked = rows.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit_record(
        action=AuditAction.EMBED_AUTHORIZATIONS_REVOKED,
        organization=organization,
        actor=acting_user,
        by_operator=by_operator,
        target_user=end_user.user,
        target_email=end_user.email,
        data={"username": end_user.username, "revoked": revoked},
    )
    return revoked


@transaction.atomic
def end_user_revoke_authorizations(
    *, acting_user: User, organization: Organization, end_user_id: Any, as_operator: bool = False
) -> int:
    """Revokes every pair of one of the organization's end users (owner or admin, or an
    operator): they stop working at once. Returns how many were still unrevoked."""
    organization = lock_organization(organization)
    if as_operator:
        require_operator(acting_user)
    else:
        require_capability(acting_user, organization, Capability.MANAGE_EMBEDDING)
    end_user = _end_user_of(organization, end_user_id)
    return _revoke(
        acting_user=acting_user,
        organization=organization,
        end_user=end_user,
        rows=EmbedAuthorization.objects.filter(end_user=end_user),
        by_operator=as_operator,
    )


@transaction.atomic
def embed_authorization_revoke(
    *, acting_user: User, organization: Organization, authorization_id: Any
) -> None:
    """Revokes one embed pair of the organization's end users (owner or admin)."""
    organization = lock_organization(organization)
    require_capability(acting_user, organization, Capability.MANAGE_EMBEDDING)
    authorization = (
        EmbedAuthorization.objects.select_related("end_user__user")
        .filter(pk=authorization_id, end_user__parent=organization, revoked_at__isnull=True)
        .first()
        if authorization_id is not None
        else None
    )
    if authorization is None:
        raise NotFound(ERR_AUTHORIZATION_NOT_FOUND)
    _revoke(
        acting_user=acting_user,
        organization=organization,
        end_user=authorization.end_user,
        rows=EmbedAuthorization.objects.filter(pk=authorization.pk),
    )
