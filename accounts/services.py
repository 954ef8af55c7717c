"""Services of the accounts app: API key/token pairs."""

import hmac
import secrets
import uuid
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken, User
from organizations.hashing import token_hash
from orgsite.errors import InvalidInput, NotFound

ERR_TOKEN_NAME_REQUIRED = _("Give the token a name, e.g. the script that will use it.")
ERR_TOKEN_NAME_TOO_LONG = _("A token name has at most 100 characters.")
ERR_TOKEN_EXPIRY_PAST = _("The expiry date must be in the future.")
ERR_TOKEN_NOT_FOUND = _("API token not found.")

# last_used_at is written at most this often per token, so that authenticating is not a
# database write on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@transaction.atomic
def api_token_create(
    *, acting_user: User, name: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Creates a key/token pair for the acting user; returns it with the token, which is
    shown once and never stored."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput(ERR_TOKEN_NAME_REQUIRED, field="name")
    if len(name) > 100:
        raise InvalidInput(ERR_TOKEN_NAME_TOO_LONG, field="name")
    if expires_at is not None and expires_at <= timezone.now():
        raise InvalidInput(ERR_TOKEN_EXPIRY_PAST, field="expires_at")
    token = secrets.token_urlsafe(32)
    api_token = ApiToken.objects.create(
        user=acting_user, name=name, token_hash=token_hash(token), expires_at=expires_at
    )
    return api_token, token


@transaction.atomic
def api_token_revoke(*, acting_user: User, api_token_id) -> ApiToken:
    """Revokes one of the acting user's own tokens; it stops working at once."""
    api_token = (
        ApiToken.objects.select_for_update()
        .filter(pk=api_token_id, user=acting_user, revoked_at__isnull=True)
        .first()
    )
    if api_token is None:
        raise NotFound(ERR_TOKEN_NOT_FOUND)
    api_token.revoked_at = timezone.now()
    api_token.save(update_fields=["revoked_at"])
    return api_token


def api_token_authenticate(*, key: str, token: str) -> User | None:
    """The user of a usable key/token pair, or None. The token is compared in constant time
    (against a dummy hash when the key is unknown, so timing doesn't reveal valid keys)."""
    try:
        key_id = uuid.UUID(str(key))
    except ValueError:
        key_id = None
    api_token = (
        ApiToken.objects.usable().select_related("user").filter(pk=key_id).first()
        if key_id is not None
        else None
    )
    expected = api_token.token_hash if api_token is not None else token_hash("")
    matches = hmac.compare_digest(expected, token_hash(token or ""))
    if api_token is None or not matches or not api_token.user.is_active:
        return None
    now = timezone.now()
    if api_token.last_used_at is None or now - api_token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
    return api_token.user
