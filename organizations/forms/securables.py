"""Forms of the Dashboards and Datasets pages and of the Share page: they parse input; the
services hold the rules (which levels exist, who may share with whom)."""

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import InOneLanguageForm
from organizations.models import Organization, Securable, SecurableType, Team
from organizations.roles import AccessLevel
from organizations.selectors.securables import ERR_SHARE_TEAM_UNKNOWN, share_team_by_id

ERR_ONE_TEAM = _("Choose one of your teams, or give the id of a team; not both.")


class JSONObjectField(forms.JSONField):
    """JSON in a textarea, indented for people to read and edit."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        if value is None:
            # Nothing yet: an empty box, as the help text says, not the word "null".
            return ""
        return json.dumps(value, ensure_ascii=False, indent=2, cls=self.encoder)


class SecurableForm(InOneLanguageForm):
    """Create or edit a dashboard or dataset: name and description in the user's language,
    and a dashboard's contents as JSON."""

    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contents = JSONObjectField(
        label=_("Contents"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "code", "spellcheck": "false"}),
        help_text=_('The dashboard\'s definition: a JSON object, e.g. {"items": []}.'),
    )

    localized_fields = ("name", "description")

    def __init__(
        self, *args, type: str, language: str, instance: Securable | None = None, **kwargs
    ) -> None:
        super().__init__(*args, language=language, instance=instance, **kwargs)
        if type != SecurableType.DASHBOARD:
            # Contents are a dashboard's definition (PRODUCT.md); datasets have none to edit.
            del self.fields["contents"]


class ShareWithUserForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("Of anyone with an account, in this organization or another."),
    )
    level = forms.TypedChoiceField(
        label=_("Level"), choices=AccessLevel.choices, coerce=int, initial=AccessLevel.READ
    )


class ShareWithTeamForm(forms.Form):
    """One of the teams of the user's organizations, or any team by its id."""

    team = forms.ChoiceField(label=_("Team"), required=False)
    team_id = forms.UUIDField(
        label=_("Or the id of a team of another organization"),
        required=False,
        help_text=_("The team's admins find it on the team's page."),
    )
    level = forms.TypedChoiceField(
        label=_("Level"), choices=AccessLevel.choices, coerce=int, initial=AccessLevel.READ
    )

    def __init__(self, *args, candidates: list[Team], organization: Organization, **kwargs):
        # On the Share page beside ShareWithUserForm: its own ids, so each Level label
        # points at its own field (the names stay "level").
        kwargs.setdefault("auto_id", "id_team_share_%s")
        super().__init__(*args, **kwargs)
        self.candidates = {str(team.pk): team for team in candidates}
        # The active organization's teams first, then those of the user's other ones.
        groups: dict = {}
        for team in sorted(candidates, key=lambda team: team.organization_id != organization.pk):
            label = team.organization.display_name
            groups.setdefault(team.organization_id, (label, []))[1].append(
                (str(team.pk), team.name)
            )
        self.fields["team"].choices = [("", "—"), *groups.values()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        chosen, typed = cleaned.get("team"), cleaned.get("team_id")
        if "team_id" in self.errors:
            return cleaned
        if bool(chosen) == bool(typed):
            raise forms.ValidationError(ERR_ONE_TEAM, code="one_team")
        if chosen:
            cleaned["shared_team"] = self.candidates[chosen]
        else:
            cleaned["shared_team"] = share_team_by_id(typed)
            if cleaned["shared_team"] is None:
                self.add_error(
                    "team_id", forms.ValidationError(ERR_SHARE_TEAM_UNKNOWN, code="unknown")
                )
        return cleaned
