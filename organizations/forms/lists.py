"""The search, filter and sort forms of the organization's list pages (read by GET)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.widgets import QuickSelect
from organizations.forms.members import TeamField
from organizations.models import Team
from organizations.roles import OrganizationRole

MEMBER_SORTS = [
    ("name", _("Name")),
    ("email", _("Email")),
    ("role", _("Role")),
    ("joined", _("Date joined")),
    ("-joined", _("Newest first")),
]


class MemberListForm(forms.Form):
    """Users tab: name or e-mail search, role and team filters, order."""

    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("All roles")), *OrganizationRole.choices],
        required=False,
        widget=QuickSelect,
    )
    team = TeamField(label=_("Team"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"), choices=MEMBER_SORTS, required=False, widget=QuickSelect
    )

    def __init__(self, data, *, organization, teams: list, **kwargs):
        """``teams``: ``organization_team_choices``, already loaded for the page."""
        super().__init__(data, **kwargs)
        # Validated against this organization's teams: another's is an error, not a filter.
        self.fields["team"].queryset = Team.objects.filter(organization=organization)
        self.fields["team"].offer(teams, empty_label=_("All teams"))

    def selector_arguments(self) -> dict:
        """The selector's arguments from the valid fields; an invalid one (a team of another
        organization, an unknown order) is left out and shown as the field's error."""
        self.is_valid()
        data = self.cleaned_data
        sort = data.get("sort") or "name"
        team = data.get("team")
        return {
            "search": (data.get("q") or "").strip(),
            "role": data.get("role") or "",
            "team_id": team.pk if team else None,
            "order": sort.removeprefix("-"),
            "descending": sort.startswith("-"),
        }
