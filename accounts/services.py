"""Services of the accounts app: signing up, the user's profile, API key/token pairs."""

import hmac
import secrets
import uuid
from datetime import datetime, timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.models import ApiToken, User, email_normalize
from common.errors import InvalidInput, NotFound, PermissionDenied
from common.hashing import token_hash
from common.locales import is_locale

ERR_EMAIL_INVALID = _("Enter a valid e-mail address.")
ERR_EMAIL_TAKEN = _(
    "An account with this e-mail address already exists. Log in, or reset your password."
)
ERR_NAME_REQUIRED = _("Enter your name.")
ERR_NAME_TOO_LONG = _("A name has at most 150 characters.")
ERR_CITY_TOO_LONG = _("A city has at most 100 characters.")
ERR_LOCALE_INVALID = _("Choose one of the offered languages.")
ERR_COUNTRY_INVALID = _("Choose one of the offered countries.")
ERR_NOT_AN_OPERATOR = _("Only operators may do this.")

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


def user_profile_clean(
    *, name: str, city: str = "", locale: str = "", country: str = ""
) -> dict[str, str]:
    """The profile fields as stored, or the refusal of the first bad one: a name (required,
    150 characters), a city (100), a locale of Luzmo's catalogue (the UI shows those it
    doesn't speak in English) and an ISO country, the last two empty for "use the
    organization's"."""
    name = _clean_name(name)
    city = (city or "").strip()
    if len(city) > 100:
        raise InvalidInput(ERR_CITY_TOO_LONG, field="city")
    locale = locale or ""
    if locale and not is_locale(locale):
        raise InvalidInput(ERR_LOCALE_INVALID, field="locale")
    country = (country or "").upper()
    if country and country not in countries:
        raise InvalidInput(ERR_COUNTRY_INVALID, field="country")
    return {"name": name, "city": city, "locale": locale, "country": country}


def user_email_clean(email: str) -> str:
    """The address normalised, refused when it is not an address."""
    email = email_normalize(email)
    try:
        validate_email(email)
    except ValidationError as error:
        raise InvalidInput(ERR_EMAIL_INVALID, field="email") from error
    return email


def user_email_available(email: str, *, user: User | None = None) -> str:
    """The address normalised and valid, refused when another account has it whatever its
    case (``user``: the account whose address it becomes)."""
    email = user_email_clean(email)
    taken = User.objects.filter(email__iexact=email)
    if user is not None:
        taken = taken.exclude(pk=user.pk)
    if taken.exists():
        raise InvalidInput(ERR_EMAIL_TAKEN, field="email")
    return email


@transaction.atomic
def user_create(
    *,
    email: str,
    name: str,
    password: str | None,
    city: str = "",
    locale: str = "",
    country: str = "",
) -> User:
    """Creates an account, logging in by e-mail (unique whatever its case), with a valid
    profile and a password that passes the site's validators.

    ``password=None`` gives an unusable password: such a user acts through API key/token
    pairs until they set one.
    """
    email = user_email_available(email)
    user = User(
        email=email, **user_profile_clean(name=name, city=city, locale=locale, country=country)
    )
    if password is None:
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise InvalidInput(" ".join(error.messages), field="password") from error
        user.set_password(password)
    try:
        # A savepoint: two creations racing for one address meet the unique index, and the
        # loser gets the same message as if it had come second.
        with transaction.atomic():
            user.save()
    except IntegrityError as error:
        raise InvalidInput(ERR_EMAIL_TAKEN, field="email") from error
    return user


def user_create_with_defaults(
    *,
    email: str,
    name: str = "",
    password: str | None = None,
    city: str = "",
    locale: str = "",
    country: str = "",
) -> User:
    """Creates a user whose name and password may be left out, as a script creates them:
    no name gives the address's local part (the member list shows a name; the user can
    change it), no password an unusable one."""
    name = (name or "").strip() or user_email_clean(email).split("@")[0]
    return user_create(
        email=email, name=name, password=password, city=city, locale=locale, country=country
    )


def user_signup(*, email: str, name: str, password: str) -> User:
    """Creates an account from the sign-up page, with a password; it belongs to no
    organization yet (joining one by invitation is ``invitation_accept_with_signup``)."""
    return user_create(email=email, name=name, password=password or "")


@transaction.atomic
def user_profile_update(
    *, acting_user: User, name: str, city: str = "", locale: str = "", country: str = ""
) -> User:
    """Changes the acting user's own profile. An empty language or country means "use the
    organization's"."""
    profile = user_profile_clean(name=name, city=city, locale=locale, country=country)
    for field, value in profile.items():
        setattr(acting_user, field, value)
    acting_user.save(update_fields=[*profile, "updated_at"])
    return acting_user


def _require_account_operator(acting_user: User, permission: str) -> None:
    """Operators open and edit other people's accounts with Django's user permissions."""
    if not (acting_user.is_active and acting_user.is_staff and acting_user.has_perm(permission)):
        raise PermissionDenied(ERR_NOT_AN_OPERATOR)


@transaction.atomic
def user_create_by_operator(*, acting_user: User, email: str, name: str, password: str) -> User:
    """An operator opens an account for someone: the sign-up's rules (an address unique
    whatever its case, a name, a password the validators accept), without an invitation."""
    _require_account_operator(acting_user, "accounts.add_user")
    return user_signup(email=email, name=name, password=password)


@transaction.atomic
def user_update_by_operator(
    *,
    acting_user: User,
    user: User,
    email: str,
    name: str,
    city: str = "",
    locale: str = "",
    country: str = "",
) -> User:
    """An operator changes someone's address and profile, with the rules of sign-up and of
    the profile page."""
    _require_account_operator(acting_user, "accounts.change_user")
    changes = {
        "email": user_email_available(email, user=user),
        **user_profile_clean(name=name, city=city, locale=locale, country=country),
    }
    for field, value in changes.items():
        setattr(user, field, value)
    try:
        # A savepoint: an address taken meanwhile meets the unique index.
        with transaction.atomic():
            user.save(update_fields=[*changes, "updated_at"])
    except IntegrityError as error:
        raise InvalidInput(ERR_EMAIL_TAKEN, field="email") from error
    return user


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


ERR_PASSWORD_REQUIRED = _("Enter a password.")


@transaction.atomic
def user_account_change(
    *, user: User, email: str | None = None, password: str | None = None
) -> User:
    """Changes an account's login e-mail and/or password, with the sign-up rules (a valid,
    unique address; a password the validators accept). Who may ask is the caller's rule."""
    fields = []
    if email is not None:
        user.email = user_email_available(email, user=user)
        fields.append("email")
    if password is not None:
        if not password:
            raise InvalidInput(ERR_PASSWORD_REQUIRED, field="password")
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise InvalidInput(" ".join(error.messages), field="password") from error
        user.set_password(password)
        fields.append("password")
    if fields:
        try:
            # Two changes racing for one address meet the unique index.
            with transaction.atomic():
                user.save(update_fields=[*fields, "updated_at"])
        except IntegrityError as error:
            raise InvalidInput(ERR_EMAIL_TAKEN, field="email") from error
    return user


def user_signup_problems(*, email: str, name: str, password: str) -> dict[str, str]:
    """Every field that user_signup would refuse, with its message, all at once (a form
    shows them together), by the same checks; user_signup still decides, within its
    transaction."""
    problems: dict[str, str] = {}
    for field, check in (
        ("email", lambda: user_email_available(email)),
        ("name", lambda: _clean_name(name)),
    ):
        try:
            check()
        except InvalidInput as error:
            problems[error.field or field] = error.message
    try:
        validate_password(password, User(email=email_normalize(email), name=name))
    except ValidationError as error:
        problems["password"] = " ".join(error.messages)
    return problems
