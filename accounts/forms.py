"""Forms of the account pages: they parse input; the services hold the rules."""

from datetime import datetime, time

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.services import user_signup_problems


class LoginForm(AuthenticationForm):
    """Log in by e-mail; the address's case doesn't matter (the user manager ignores it)."""

    username = UsernameField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    # Django's own says both fields "may be case-sensitive": the address is not.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Enter a correct e-mail address and password. The password is case-sensitive, "
            "the address is not."
        ),
    }


class SignupForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html,
    )

    def clean(self):
        """The sign-up rules' refusals of every field at once, beside Django's own."""
        cleaned = super().clean()
        problems = user_signup_problems(
            email=cleaned.get("email") or "",
            name=cleaned.get("name") or "",
            password=cleaned.get("password") or "",
        )
        for field, message in problems.items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What will use the token, e.g. the nightly export script."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Optional. The token stops working at the end of this day."),
    )

    service_fields = {"expires_at": "expires_on"}

    def expires_at(self) -> datetime | None:
        expires_on = self.cleaned_data["expires_on"]
        if expires_on is None:
            return None
        return datetime.combine(expires_on, time.max, tzinfo=timezone.get_current_timezone())


class PasswordChangeForm(forms.Form):
    """Profile → Password and e-mail: a new password, with the current one."""

    current_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html,
    )


class EmailChangeForm(forms.Form):
    """Profile → Password and e-mail: a new address, confirmed from a link sent to it."""

    service_fields = {"current_password": "password"}

    email = forms.EmailField(
        label=_("New e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
