"""Forms of the Plugins page: they parse input; ``plugins.services`` holds the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import InOneLanguageForm
from common.localized import localized_replace
from plugins.models import PluginAuthorization
from plugins.services import plugin_input_problems


class PluginForm(InOneLanguageForm):
    """Create or edit a plugin: name and description in the user's language."""

    slug = forms.CharField(
        label=_("Slug"),
        max_length=50,
        help_text=_("Unique: 1 to 50 letters and digits, without spaces or signs."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Plain text: the services decide what a valid address is (https, public, no trailing
    # slash), and say why not.
    base_url = forms.CharField(
        label=_("Base URL"),
        max_length=1000,
        widget=forms.URLInput(attrs={"placeholder": "https://plugin.example.com"}),
        help_text=_("The https:// address under which its /authorize, /datasets and /query are."),
    )
    url = forms.CharField(
        label=_("Website"), max_length=1000, required=False, widget=forms.URLInput()
    )
    authorize = forms.ChoiceField(
        label=_("Authorization"),
        choices=PluginAuthorization.choices,
        initial=PluginAuthorization.NONE,
    )
    color = forms.CharField(
        label=_("Color"),
        max_length=7,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "#RRGGBB"}),
    )

    localized_fields = ("name", "description")

    def clean(self):
        """The services' refusals of every field at once, beside Django's own, rather than
        one per submission."""
        cleaned = super().clean()
        values = {}
        for name, value in cleaned.items():
            if name in self.localized_fields:
                value = localized_replace(
                    getattr(self.instance, name, None), self.language, value or ""
                )
            values[name] = value
        for field, message in plugin_input_problems(fields=values, plugin=self.instance).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return cleaned
