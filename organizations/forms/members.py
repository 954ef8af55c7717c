"""Forms of the organization pages: they parse input; the services hold the rules."""

import uuid

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from organizations.models import Membership, Organization, Team
from organizations.models.team import DEFAULT_TEAM_NAME
from organizations.roles import OrganizationRole, TeamRole
from organizations.selectors.members import member_suggestions, members_named

ERR_NO_SUCH_MEMBER = _("No member here has this e-mail or name.")
ERR_SEVERAL_MEMBERS = _("Several members have this name: type the e-mail of the one you mean.")


def member_label(membership: Membership) -> str:
    user = membership.user
    return f"{user.get_full_name()} <{user.email}> · {membership.get_role_display()}"


# The longest e-mail (254) or name (150) a member may have: longer input matches nobody.
MAX_MEMBER_TEXT = 254


class MemberInput(forms.TextInput):
    """A text input for a member's e-mail or name with a ``<datalist>`` of a few
    suggestions: a select of every member would be 50,000 options at 50,000 members."""

    def __init__(self, attrs=None):
        super().__init__(
            {"autocomplete": "off", "spellcheck": "false", "maxlength": MAX_MEMBER_TEXT}
            | (attrs or {})
        )
        self.suggestions: list[tuple[str, str]] = []  # (e-mail, label)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or name}-suggestions"
        attrs["list"] = list_id
        options = format_html_join("", '<option value="{}">{}</option>', self.suggestions)
        return format_html(
            '{}<datalist id="{}">{}</datalist>',
            super().render(name, value, attrs, renderer),
            list_id,
            options,
        )


class MemberField(forms.ModelChoiceField):
    """One member of ``queryset``, typed as their e-mail or exact name (or posted as the
    membership's id, as the select this replaces did)."""

    widget = MemberInput

    def __init__(self, **kwargs):
        super().__init__(queryset=Membership.objects.none(), **kwargs)

    def suggest(self, text: str = "") -> None:
        """Offer the first candidates matching ``text`` (what was typed, on a redisplay)."""
        self.widget.suggestions = [
            (membership.user.email, member_label(membership))
            for membership in member_suggestions(self.queryset, text)
        ]

    def prepare_value(self, value):
        if isinstance(value, Membership):
            return value.user.email
        return value

    def to_python(self, value):
        text = str(value or "").strip()
        if text in self.empty_values:
            return None
        if len(text) > MAX_MEMBER_TEXT:
            raise forms.ValidationError(ERR_NO_SUCH_MEMBER, code="invalid_choice")
        try:
            matches = list(self.queryset.filter(pk=uuid.UUID(text)))
        except ValueError:
            matches = list(members_named(self.queryset, text)[:2])
        if not matches:
            raise forms.ValidationError(ERR_NO_SUCH_MEMBER, code="invalid_choice")
        if len(matches) > 1:
            raise forms.ValidationError(ERR_SEVERAL_MEMBERS, code="ambiguous")
        return matches[0]


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
