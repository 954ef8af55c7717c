"""Forms of the Dashboards and Datasets pages and of the Share page: they parse input; the
services hold the rules (which levels exist, who may share with whom)."""

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.bounds import OutOfBounds, check_bounds, refuse_constant, too_deep
from common.forms import InOneLanguageForm
from organizations.models import Organization, Securable, SecurableType, Team
from organizations.roles import AccessLevel
from organizations.selectors.securables import ERR_SHARE_TEAM_UNKNOWN, share_team_by_id
from organizations.services.securable import UNPAIRED_SURROGATE

ERR_ONE_TEAM = _("Choose one of your teams, or give the id of a team; not both.")


class _StrictJSONDecoder(json.JSONDecoder):
    """JSON without NaN and Infinity, which Python reads but no database stores as JSON."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **{**kwargs, "parse_constant": refuse_constant})


class JSONObjectField(forms.JSONField):
    """JSON in a textarea, indented for people to read and edit, as deep and with numbers
    as large as the API doors take it (common.bounds); the characters a text may hold are
    the securable service's rule."""

    def __init__(self, **kwargs) -> None:
        super().__init__(decoder=_StrictJSONDecoder, **kwargs)

    def to_python(self, value: Any) -> Any:
        try:
            converted = super().to_python(value)
            check_bounds(converted, characters=False)
        except RecursionError as error:
            raise ValidationError(too_deep().message, code="invalid") from error
        except OutOfBounds as fault:
            raise ValidationError(fault.message, code="invalid") from fault
        except ValueError as error:  # NaN or Infinity
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error
        return converted

    def bound_data(self, data: Any, initial: Any) -> Any:
        # Shown again with its error: as typed when it can't be read.
        try:
            return super().bound_data(data, initial)
        except (RecursionError, ValueError):
            return forms.fields.InvalidJSONInput(data)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        if value is None:
            # Nothing yet: an empty box, as the help text says, not the word "null".
            return ""
        text = json.dumps(value, ensure_ascii=False, indent=2, cls=self.encoder)
        if UNPAIRED_SURROGATE.search(text):
            # Shown again as typed (\ud800): the page, in UTF-8, can't hold the character.
            return json.dumps(value, indent=2, cls=self.encoder)
        return text


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
