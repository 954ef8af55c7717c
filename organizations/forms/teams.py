"""Forms of the organization pages: they parse input; the services hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.forms.members import member_label
from organizations.models import Membership
from organizations.roles import TeamRole


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
