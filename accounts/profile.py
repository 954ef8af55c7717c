"""A signed-in person's own credentials: changing the password (with the current one; every
other session of theirs is signed out) and the e-mail address (confirmed through a link sent
to the new address, which changes only when that link is opened by the same account).

Services, as in ``accounts.services``: keyword-only, an explicit ``acting_user``, domain
errors with translatable messages; the views only parse and render.
"""

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User, email_normalize
from accounts.services import user_email_available
from common.errors import InvalidInput, NotFound
from common.locales import ui_language
from outbox.services import outbox_enqueue

ERR_CURRENT_PASSWORD = _("This is not your current password.")
ERR_SAME_PASSWORD = _("The new password is your current one: choose another.")
ERR_EMAIL_SAME = _("This is already your address.")
ERR_EMAIL_LINK_INVALID = _(
    "This confirmation link is invalid or has expired, or was sent to another account. "
    "Ask for a new one in Profile."
)

EMAIL_CHANGE_SALT = "accounts.email-change"
EMAIL_CHANGE_VALIDITY_SECONDS = 2 * 24 * 3600


def _check_current_password(user: User, password: str) -> None:
    if not user.check_password(password or ""):
        raise InvalidInput(ERR_CURRENT_PASSWORD, field="current_password")


@transaction.atomic
def user_change_password(*, acting_user: User, current_password: str, new_password: str) -> User:
    """Sets a new password that passes the site's validators, given the current one. The
    sessions elsewhere end: Django ties each session to the password it was opened with."""
    user = User.objects.select_for_update().get(pk=acting_user.pk)
    _check_current_password(user, current_password)
    if user.check_password(new_password or ""):
        raise InvalidInput(ERR_SAME_PASSWORD, field="new_password")
    try:
        validate_password(new_password, user)
    except ValidationError as error:
        raise InvalidInput(" ".join(error.messages), field="new_password") from error
    user.set_password(new_password)
    user.save(update_fields=["password", "updated_at"])
    return user


def _clean_new_email(user: User, email: str) -> str:
    """A valid address no other account has (the sign-up rule), and not the current one."""
    if email_normalize(email) == user.email.lower():
        raise InvalidInput(ERR_EMAIL_SAME, field="email")
    return user_email_available(email, user=user)


@transaction.atomic
def user_email_change_request(
    *, acting_user: User, email: str, password: str, site_url: str
) -> str:
    """Sends a confirmation link to the new address (the current password is required);
    nothing changes until it is opened. ``site_url`` is the address the link points at,
    the request's own. Returns the new address, normalized."""
    _check_current_password(acting_user, password)
    email = _clean_new_email(acting_user, email)
    token = signing.dumps(
        {"user": str(acting_user.pk), "from": acting_user.email, "to": email},
        salt=EMAIL_CHANGE_SALT,
        compress=True,
    )
    link = site_url.rstrip("/") + reverse("email_change_confirm", kwargs={"token": token})
    context = {"user": acting_user, "email": email, "link": link, "days": 2}
    with translation.override(
        ui_language(acting_user.locale) if acting_user.locale else translation.get_language()
    ):
        subject = str(_("Confirm your new e-mail address"))
        body = render_to_string("accounts/email/email_change.txt", context)
    # Through the outbox, like every e-mail: recorded in this transaction, sent by the
    # worker, never inside the request.
    outbox_enqueue(
        message=EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [email]),
        kind="email_change",
    )
    return email


@transaction.atomic
def user_email_change_confirm(*, acting_user: User, token: str) -> User:
    """Makes the address of a confirmation link the account's, if the link is this
    account's, unexpired, still about its current address, and the address still free."""
    try:
        payload = signing.loads(
            token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_VALIDITY_SECONDS
        )
    except signing.BadSignature as error:
        raise NotFound(ERR_EMAIL_LINK_INVALID) from error
    user = User.objects.select_for_update().get(pk=acting_user.pk)
    if payload.get("user") != str(user.pk) or payload.get("from") != user.email:
        raise NotFound(ERR_EMAIL_LINK_INVALID)
    email = _clean_new_email(user, payload.get("to", ""))
    user.email = email
    user.save(update_fields=["email", "updated_at"])
    return user
