"""Forms of the organization pages: they parse input; the services hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.forms.members import MemberField
from organizations.roles import TeamRole


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)


class TeamMemberAddForm(forms.Form):
    user = MemberField(
        label=_("Member"), help_text=_("The e-mail or the name of a member not in the team yet.")
    )
    role = forms.ChoiceField(label=_("Team role"), initial=TeamRole.MEMBER)

    def __init__(self, *args, candidates, roles: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates
        self.fields["user"].suggest(self.data.get(self.add_prefix("user"), ""))
        self.fields["role"].choices = [(role.value, role.label) for role in roles]
