"""What the browser UI's forms share."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from common.localized import localized_replace, localized_text


class InOneLanguageForm(forms.Form):
    """A form whose localized fields (``localized_fields``) are edited in one language, the
    user's: each shows the text the pages show (that language's, else the fallback) and
    saves into that language only, the other languages keeping theirs. A text sent back as
    shown is left unchanged, so a fallback is never copied into another language."""

    localized_fields: tuple[str, ...] = ()

    def __init__(self, *args, language: str, instance: Any = None, **kwargs) -> None:
        self.language = language
        self.instance = instance
        initial = kwargs.pop("initial", None) or {}
        if instance is not None:
            initial = {**self.initial_of(instance), **initial}
        super().__init__(*args, initial=initial, **kwargs)
        language_name = dict(settings.LANGUAGES).get(language, language)
        for name in self.localized_fields:
            self.fields[name].help_text = _(
                "In %(language)s; the other languages keep their text."
            ) % {"language": language_name}

    def initial_of(self, instance: Any) -> dict[str, Any]:
        return {
            name: (
                localized_text(getattr(instance, name), self.language)
                if name in self.localized_fields
                else getattr(instance, name)
            )
            for name in self.base_fields
        }

    def service_arguments(self) -> dict[str, Any]:
        """Keyword arguments of the create or update service: every field when creating,
        the changed ones when editing."""
        names = list(self.fields) if self.instance is None else self.changed_data
        arguments = {}
        for name in names:
            value = self.cleaned_data[name]
            if name in self.localized_fields:
                value = localized_replace(
                    getattr(self.instance, name, None), self.language, value or ""
                )
            arguments[name] = value
        return arguments
