"""Forms of the organization pages: they parse input; the services hold the rules."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from common.locales import language_choices
from organizations.forms.members import MemberField
from organizations.models import Organization, Region
from organizations.services.organization import UNCHANGED

ERR_WRONG_PASSWORD = _("This is not your current password.")


ERR_NAME_MISMATCH = _("Type the organization's name exactly as shown to confirm.")


def country_choices() -> list[tuple[str, str]]:
    # A callable, so that country names follow the language of each request.
    return [("", _("No country")), *countries]


class OrganizationSettingsForm(forms.Form):
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    name_nl = forms.CharField(label=_("Name (Dutch)"), max_length=200, required=False)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200, required=False)
    locale = forms.ChoiceField(
        label=_("Default language"),
        choices=settings.LANGUAGES,
        help_text=_("The language of members who haven't chosen their own."),
    )
    country = forms.ChoiceField(label=_("Country"), choices=country_choices, required=False)
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG or WebP, at most 2 MB and 4096×4096 pixels."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )

    service_fields = {"name": "name_en"}

    @classmethod
    def for_organization(cls, organization: Organization, *args, **kwargs):
        initial = {
            **{
                f"name_{language}": organization.name.get(language, "")
                for language in ("en", "nl", "fr")
            },
            "locale": organization.locale,
            "country": organization.country.code if organization.country else "",
            "logo": organization.logo or None,
        }
        form = cls(*args, initial=initial, **kwargs)
        form.fields["locale"].choices = language_choices(organization.locale)
        return form

    def localized_name(self) -> dict[str, str]:
        return {language: self.cleaned_data[f"name_{language}"] for language in ("en", "nl", "fr")}

    def logo_change(self):
        """The service's ``logo`` argument: a new upload, None to remove it, or unchanged."""
        logo = self.cleaned_data["logo"]
        if logo is False:  # ClearableFileInput's "Clear" box
            return None
        if "logo" in self.files:
            return logo
        return UNCHANGED


class TransferOwnershipForm(forms.Form):
    new_owner = MemberField(
        label=_("New owner"),
        help_text=_("The e-mail or the name of a member who has accepted their invitation."),
    )
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["new_owner"].queryset = candidates
        self.fields["new_owner"].suggest(self.data.get(self.add_prefix("new_owner"), ""))

    def clean_password(self) -> str:
        # Confirms that the person at the keyboard is the owner, as Django's password forms do.
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(ERR_WRONG_PASSWORD, code="password_incorrect")
        return password


class OrganizationDeleteForm(forms.Form):
    confirm_name = forms.CharField(label=_("Organization name"), max_length=200)

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_confirm_name(self) -> str:
        confirm_name = self.cleaned_data["confirm_name"]
        if confirm_name != self.organization.display_name:
            raise forms.ValidationError(ERR_NAME_MISMATCH, code="name_mismatch")
        return confirm_name


class OrganizationCreateForm(forms.Form):
    """Create a new organization: Name, Region, Country (Make's dialog)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    region = forms.ChoiceField(
        label=_("Region"),
        choices=Region.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "The data center that stores and processes the organization's data, not where "
            "you are. It can't be changed after the organization is created."
        ),
    )
    country = forms.ChoiceField(
        label=_("Country"),
        choices=country_choices,
        required=False,
        help_text=_("Where the company is. Informational."),
    )
