"""Localized text: a JSON object keyed by language code, e.g. {"en": "...", "nl": "..."}."""

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common.errors import InvalidInput

ERR_LOCALIZED_NOT_OBJECT = _('Give the text as an object keyed by language, e.g. {"en": "…"}.')
ERR_LOCALIZED_EMPTY = _("Give the text in at least one language.")
ERR_LOCALIZED_LANGUAGE = _("Unsupported language “%(language)s”. Use one of: %(languages)s.")
ERR_LOCALIZED_VALUE = _(
    "The %(language)s text must be a non-empty string of at most %(max)s characters."
)

SUPPORTED_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def clean_localized_text(value: object, *, field: str, max_length: int = 200) -> dict[str, str]:
    """Validates and normalizes localized text; empty translations are dropped."""
    if not isinstance(value, dict):
        raise InvalidInput(ERR_LOCALIZED_NOT_OBJECT, field=field)
    cleaned: dict[str, str] = {}
    for language, text in value.items():
        if language not in SUPPORTED_LANGUAGES:
            raise InvalidInput(
                ERR_LOCALIZED_LANGUAGE
                % {"language": language, "languages": ", ".join(SUPPORTED_LANGUAGES)},
                field=field,
            )
        if text is None or (isinstance(text, str) and not text.strip()):
            continue
        if not isinstance(text, str) or len(text.strip()) > max_length:
            raise InvalidInput(
                ERR_LOCALIZED_VALUE % {"language": language, "max": max_length}, field=field
            )
        cleaned[language] = text.strip()
    if not cleaned:
        raise InvalidInput(ERR_LOCALIZED_EMPTY, field=field)
    return cleaned


def localized_text(value: dict[str, str] | None, language: str | None = None) -> str:
    """The text in ``language`` (default: the active one), else English, else any."""
    if not value:
        return ""
    active = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    for candidate in (language or active, settings.LANGUAGE_CODE):
        if candidate and candidate in value:
            return value[candidate]
    return next(iter(value.values()))


def localized_replace(value: dict[str, str] | None, language: str, text: str) -> dict[str, str]:
    """``value`` with its ``language`` text set to ``text`` (removed when blank); the other
    languages keep theirs."""
    replaced = dict(value or {})
    if text and text.strip():
        replaced[language] = text
    else:
        replaced.pop(language, None)
    return replaced
