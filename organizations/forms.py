"""Forms of the organization pages: they parse input; the services hold the rules."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from organizations.models import Membership, Organization, Plan, Region, Team
from organizations.models.team import DEFAULT_TEAM_NAME
from organizations.roles import OrganizationRole, TeamRole
from organizations.services.organization import UNCHANGED

ERR_WRONG_PASSWORD = _("This is not your current password.")
ERR_NAME_MISMATCH = _("Type the organization's name exactly as shown to confirm.")


def country_choices() -> list[tuple[str, str]]:
    # A callable, so that country names follow the language of each request.
    return [("", _("No country")), *countries]


def member_label(membership: Membership) -> str:
    user = membership.user
    return f"{user.get_full_name()} <{user.email}> · {membership.get_role_display()}"


class InvitationForm(forms.Form):
    """Invite a new user: Email, Name, Role, Team, Team role, Note (Make's dialog)."""

    email = forms.EmailField(label=_("Email"), max_length=254)
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), initial=OrganizationRole.MEMBER)
    # Not required here: "select at least one team" is the service's rule and message.
    teams = forms.ModelMultipleChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    team_role = forms.ChoiceField(
        label=_("Team role"), choices=TeamRole.choices, initial=TeamRole.MEMBER
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: added to the invitation e-mail."),
    )

    def __init__(self, *args, organization: Organization, roles: list, teams: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in roles]
        self.fields["teams"].queryset = Team.objects.filter(organization=organization)
        # The teams are already loaded for the page: offer them without another query.
        self.fields["teams"].choices = [(team.pk, team.name) for team in teams]
        default_team = next(
            (team for team in teams if team.name == DEFAULT_TEAM_NAME), teams[0] if teams else None
        )
        if default_team is not None:
            self.fields["teams"].initial = [default_team.pk]


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)


class TeamMemberAddForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Member"), queryset=Membership.objects.none())
    role = forms.ChoiceField(label=_("Team role"), initial=TeamRole.MEMBER)

    def __init__(self, *args, candidates, roles: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates
        self.fields["user"].label_from_instance = member_label
        self.fields["role"].choices = [(role.value, role.label) for role in roles]


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
        return cls(*args, initial=initial, **kwargs)

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
    new_owner = forms.ModelChoiceField(
        label=_("New owner"),
        queryset=Membership.objects.none(),
        help_text=_("Only members who have accepted their invitation appear here."),
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
        self.fields["new_owner"].label_from_instance = member_label

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


def plan_label(plan: Plan) -> str:
    return _("%(plan)s · %(price)s %(currency)s a month") % {
        "plan": plan.name,
        "price": plan.monthly_price,
        "currency": plan.currency,
    }


class PlanChangeForm(forms.Form):
    """Organization → Billing → Change plan (the owner): effective immediately."""

    plan = forms.ModelChoiceField(
        label=_("Plan"),
        queryset=Plan.objects.none(),
        empty_label=None,
        help_text=_("Effective immediately; the next invoice shows it."),
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["plan"].label_from_instance = plan_label
