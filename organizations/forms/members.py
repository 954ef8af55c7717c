"""Forms of the organization pages: they parse input; the services hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Membership, Organization, Team
from organizations.models.team import DEFAULT_TEAM_NAME
from organizations.roles import OrganizationRole, TeamRole


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
