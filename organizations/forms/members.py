"""Forms of the organization pages: they parse input; the services hold the rules."""

import uuid

from django import forms
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from common.widgets import QuickCheckboxSelectMultiple, QuickSelect, SuggestionsInput
from organizations.models import Membership, Organization, Team
from organizations.models.team import DEFAULT_TEAM_NAME
from organizations.roles import OrganizationRole, TeamRole
from organizations.selectors.members import member_suggestions, members_named
from organizations.selectors.teams import TEAMS_LISTED

ERR_NO_SUCH_MEMBER = _("No member here has this e-mail or name.")
ERR_SEVERAL_MEMBERS = _("Several members have this name: type the e-mail of the one you mean.")


def member_label(membership: Membership) -> str:
    user = membership.user
    return f"{user.get_full_name()} <{user.email}> · {membership.get_role_display()}"


# The longest e-mail (254) or name (150) a member may have: longer input matches nobody.
MAX_MEMBER_TEXT = 254


class MemberInput(SuggestionsInput):
    """A text input for a member's e-mail or name with a ``<datalist>`` of a few
    suggestions: a select of every member would be 50,000 options at 50,000 members."""

    def __init__(self, attrs=None):
        super().__init__(
            {"autocomplete": "off", "spellcheck": "false", "maxlength": MAX_MEMBER_TEXT}
            | (attrs or {})
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


ERR_NO_SUCH_TEAM = _("No team here has this name.")
ERR_NO_SUCH_TEAMS = _("No team here is named %(names)s.")
ERR_TOO_MANY_TEAMS = _("Choose at most %(count)d teams.")

# The longest team name (Team.name): longer input matches no team.
MAX_TEAM_NAME = 100
# Teams one invitation may name: more is refused before any query.
MAX_CHOSEN_TEAMS = 50


def _team_attrs() -> dict:
    return {"autocomplete": "off", "spellcheck": "false"}


class TeamField(forms.ModelChoiceField):
    """One team of ``queryset``: posted as its id (a select's option) or typed as its exact
    name (the text input that replaces the select once an organization has many teams)."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Team.objects.none(), widget=QuickSelect, **kwargs)

    def offer(self, teams: list[Team], *, empty_label) -> None:
        """A select of ``teams`` while they are at most ``TEAMS_LISTED``, else a typed name
        with the first of them as suggestions."""
        if len(teams) <= TEAMS_LISTED:
            self.choices = [("", empty_label)] + [(team.pk, team.name) for team in teams]
            return
        self.widget = SuggestionsInput(
            _team_attrs() | {"maxlength": MAX_TEAM_NAME, "placeholder": empty_label}
        )
        self.widget.suggestions = [(team.name, team.name) for team in teams[:TEAMS_LISTED]]

    def prepare_value(self, value):
        if isinstance(value, Team):
            return value.pk if isinstance(self.widget, QuickSelect) else value.name
        return value

    def to_python(self, value):
        text = str(value or "").strip()
        if text in self.empty_values:
            return None
        # No name is longer, nor holds a NUL (which PostgreSQL refuses in a query).
        if len(text) > MAX_TEAM_NAME or "\x00" in text:
            raise forms.ValidationError(ERR_NO_SUCH_TEAM, code="invalid_choice")
        try:
            team = self.queryset.filter(pk=uuid.UUID(text)).first()
        except ValueError:
            # Team names are unique in an organization in any case (the team service's rule).
            team = self.queryset.filter(name__iexact=text).first()
        if team is None:
            raise forms.ValidationError(ERR_NO_SUCH_TEAM, code="invalid_choice")
        return team


class TeamNamesInput(SuggestionsInput):
    """Team names typed separated by commas, with a few suggestions."""

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)

    def format_value(self, value):
        if isinstance(value, list | tuple):
            value = ", ".join(str(item) for item in value)
        return super().format_value(value)


class TeamsField(forms.ModelMultipleChoiceField):
    """Teams of ``queryset``: ticked checkboxes (their ids) or typed names separated by
    commas (once an organization has too many teams to list), or both."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Team.objects.none(), widget=QuickCheckboxSelectMultiple, **kwargs)

    def offer(self, teams: list[Team]) -> None:
        """Checkboxes of ``teams`` while they are at most ``TEAMS_LISTED``, else their names
        typed, with the first of them as suggestions."""
        if len(teams) <= TEAMS_LISTED:
            self.choices = [(team.pk, team.name) for team in teams]
            return
        self.widget = TeamNamesInput(_team_attrs())
        self.widget.suggestions = [(team.name, team.name) for team in teams[:TEAMS_LISTED]]
        self.help_text = _("Team names, separated by commas.")

    @property
    def typed(self) -> bool:
        return isinstance(self.widget, TeamNamesInput)

    def clean(self, value):
        texts = value if isinstance(value, list | tuple) else [value]
        ids, typed = set(), []
        for text in (str(item or "").strip() for item in texts):
            if not text:
                continue
            try:
                ids.add(uuid.UUID(text))
            except ValueError:
                typed.append(text)
        # A typed text is one team's name (a name may hold a comma), else a list of names.
        parts = {text: [part.strip() for part in text.split(",") if part.strip()] for text in typed}
        if len(ids) + sum(len(names) for names in parts.values()) > MAX_CHOSEN_TEAMS:
            raise forms.ValidationError(ERR_TOO_MANY_TEAMS % {"count": MAX_CHOSEN_TEAMS})
        names = {name for text in typed for name in (text, *parts[text])}
        if not ids and not names:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        # In any case: team names are unique in an organization regardless of case.
        names = {
            name.lower() for name in names if len(name) <= MAX_TEAM_NAME and "\x00" not in name
        }
        found = list(
            self.queryset.annotate(lower_name=Lower("name"))
            .filter(Q(pk__in=ids) | Q(lower_name__in=names))
            .order_by("name")
        )
        by_name = {team.name.lower(): team for team in found}
        unknown_ids = ids - {team.pk for team in found}
        if unknown_ids:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": str(min(unknown_ids))},
            )
        missing = [
            name
            for text in typed
            if text.lower() not in by_name
            for name in parts[text]
            if name.lower() not in by_name
        ]
        if missing:
            raise forms.ValidationError(ERR_NO_SUCH_TEAMS % {"names": ", ".join(missing)})
        chosen = {team.pk: team for team in found if team.pk in ids}
        for text in typed:
            for name in [text] if text.lower() in by_name else parts[text]:
                team = by_name[name.lower()]
                chosen.setdefault(team.pk, team)
        return list(chosen.values())


class InvitationForm(forms.Form):
    """Invite a new user: Email, Name, Role, Team, Team role, Note (Make's dialog)."""

    email = forms.EmailField(label=_("Email"), max_length=254)
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), initial=OrganizationRole.MEMBER, widget=QuickSelect)
    # Not required here: "select at least one team" is the service's rule and message.
    teams = TeamsField(label=_("Team"), required=False)
    team_role = forms.ChoiceField(
        label=_("Team role"), choices=TeamRole.choices, initial=TeamRole.MEMBER, widget=QuickSelect
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: added to the invitation e-mail."),
    )

    def __init__(self, *args, organization: Organization, roles: list, teams: list, **kwargs):
        """``teams``: ``organization_team_choices`` (at most one more than listed)."""
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in roles]
        field = self.fields["teams"]
        field.queryset = Team.objects.filter(organization=organization)
        field.offer(teams)
        default_team = next(
            (team for team in teams if team.name == DEFAULT_TEAM_NAME), teams[0] if teams else None
        )
        if default_team is not None:
            field.initial = [default_team.name if field.typed else default_team.pk]
