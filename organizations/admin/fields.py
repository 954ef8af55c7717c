"""Form fields the organization admin's forms share."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.selectors import user_by_email

ERR_USER_UNKNOWN = _("No user has this e-mail address. Create the user first.")


class ExistingUserField(forms.EmailField):
    """An existing user, named by e-mail whatever its case."""

    def clean(self, value) -> User:
        user = user_by_email(super().clean(value))
        if user is None:
            raise ValidationError(ERR_USER_UNKNOWN)
        return user
