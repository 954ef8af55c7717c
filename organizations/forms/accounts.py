"""Forms of the account pages that show organization data: sign-up from an invitation and
the profile, whose language and country default to the active organization's."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.forms import SignupForm
from common.locales import language_choices, locale_description
from organizations.models import Invitation, Organization


class InvitationSignupForm(SignupForm):
    """Sign-up from an invitation link: the invited address, fixed."""

    def __init__(self, *args, invitation: Invitation, **kwargs):
        super().__init__(*args, **kwargs)
        # A disabled field ignores whatever is posted.
        self.fields["email"].disabled = True
        self.fields["email"].initial = invitation.email
        self.fields["email"].help_text = _("The address the invitation was sent to.")
        self.fields["name"].initial = invitation.name


def _language_name(code: str) -> str:
    """A UI language's translated name; another catalogue locale's English description
    (the form offers only the UI's languages, but an organization may store any)."""
    return str(dict(settings.LANGUAGES).get(code) or locale_description(code))


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    locale = forms.ChoiceField(label=_("Language"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, organization: Organization | None, **kwargs):
        super().__init__(*args, **kwargs)
        if organization is not None:
            use_language = _("Use the organization's (%(language)s)") % {
                "language": _language_name(organization.locale)
            }
            use_country = _("Use the organization's (%(country)s)") % {
                "country": organization.country.name if organization.country else _("none")
            }
        else:
            use_language = _("Use the organization's")
            use_country = _("Use the organization's")
        self.fields["locale"].choices = [
            ("", use_language),
            *language_choices(self.initial.get("locale")),
        ]
        self.fields["country"].choices = [("", use_country), *countries]
