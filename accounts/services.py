"""Services of the accounts app: signing up, the user's profile, API key/token pairs."""

import hmac
import secrets
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.models import ApiToken, User
from common.errors import InvalidInput, NotFound
from common.hashing import token_hash
from organizations.services.invitation import invitation_accept

ERR_EMAIL_INVALID = _("Enter a valid e-mail address.")
ERR_EMAIL_TAKEN = _(
    "An account with this e-mail address already exists. Log in, or reset your password."
)
ERR_NAME_REQUIRED = _("Enter your name.")
ERR_NAME_TOO_LONG = _("A name has at most 150 characters.")
ERR_CITY_TOO_LONG = _("A city has at most 100 characters.")
ERR_LOCALE_INVALID = _("Choose one of the offered languages.")
ERR_COUNTRY_INVALID = _("Choose one of the offered countries.")

ERR_TOKEN_NAME_REQUIRED = _("Give the token a name, e.g. the script that will use it.")
ERR_TOKEN_NAME_TOO_LONG = _("A token name has at most 100 characters.")
ERR_TOKEN_EXPIRY_PAST = _("The expiry date must be in the future.")
ERR_TOKEN_NOT_FOUND = _("API token not found.")


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidInput(ERR_NAME_REQUIRED, field="name")
    if len(name) > 150:
        raise InvalidInput(ERR_NAME_TOO_LONG, field="name")
    return name


@transaction.atomic
def user_signup(
    *, email: str, name: str, password: str, invitation_token: str | None = None
) -> User:
    """Creates an account, logging in by e-mail (unique whatever its case), with a password
    that passes the site's validators.

    With an invitation's token the new account accepts that invitation in the same
    transaction: the account exists only if the invitation could be accepted.
    """
    email = User.objects.normalize_email((email or "").strip()).lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise InvalidInput(ERR_EMAIL_INVALID, field="email") from error
    name = _clean_name(name)
    if User.objects.filter(email__iexact=email).exists():
        raise InvalidInput(ERR_EMAIL_TAKEN, field="email")
    user = User(email=email, name=name)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise InvalidInput(" ".join(error.messages), field="password") from error
    user.set_password(password)
    try:
        # A savepoint: two sign-ups racing for one address meet the unique index, and the
        # loser gets the same message as if it had come second.
        with transaction.atomic():
            user.save()
    except IntegrityError as error:
        raise InvalidInput(ERR_EMAIL_TAKEN, field="email") from error
    if invitation_token is not None:
        invitation_accept(acting_user=user, token=invitation_token)
    return user


@transaction.atomic
def user_profile_update(
    *, acting_user: User, name: str, city: str = "", locale: str = "", country: str = ""
) -> User:
    """Changes the acting user's own profile. An empty language or country means "use the
    organization's"."""
    name = _clean_name(name)
    city = (city or "").strip()
    if len(city) > 100:
        raise InvalidInput(ERR_CITY_TOO_LONG, field="city")
    locale = locale or ""
    if locale and locale not in dict(settings.LANGUAGES):
        raise InvalidInput(ERR_LOCALE_INVALID, field="locale")
    country = (country or "").upper()
    if country and country not in countries:
        raise InvalidInput(ERR_COUNTRY_INVALID, field="country")
    acting_user.name = name
    acting_user.city = city
    acting_user.locale = locale
    acting_user.country = country
    acting_user.save(update_fields=["name", "city", "locale", "country", "updated_at"])
    return acting_user


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


def user_signup_problems(*, email: str, name: str, password: str) -> dict[str, str]:
    """Every field that user_signup would refuse, with its message, all at once (a form
    shows them together); user_signup still decides, within its transaction."""
    problems: dict[str, str] = {}
    email = User.objects.normalize_email((email or "").strip()).lower()
    try:
        validate_email(email)
    except ValidationError:
        problems["email"] = ERR_EMAIL_INVALID
    else:
        if User.objects.filter(email__iexact=email).exists():
            problems["email"] = ERR_EMAIL_TAKEN
    try:
        name = _clean_name(name)
    except InvalidInput as error:
        problems["name"] = error.message
    try:
        validate_password(password, User(email=email, name=name))
    except ValidationError as error:
        problems["password"] = " ".join(error.messages)
    return problems
