"""Serializer fields that several apps' REST endpoints share."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.localized import SUPPORTED_LANGUAGES

LOCALIZED_TEXT_SCHEMA = {
    "type": "object",
    "description": "Localized text: an object keyed by language (en, nl, fr).",
    "properties": {language: {"type": "string"} for language in SUPPORTED_LANGUAGES},
    "additionalProperties": False,
    "minProperties": 1,
    "example": {"en": "Your organization", "nl": "Jouw organisatie", "fr": "Ton association"},
}


@extend_schema_field(LOCALIZED_TEXT_SCHEMA)
class LocalizedTextField(serializers.DictField):
    """Passed to the services as is: they validate the languages and texts."""

    child = serializers.CharField(allow_blank=True, trim_whitespace=False)


@extend_schema_field(
    {key: value for key, value in LOCALIZED_TEXT_SCHEMA.items() if key != "minProperties"}
)
class OptionalLocalizedTextField(LocalizedTextField):
    """Localized text that may be empty ({}), such as a description."""


@extend_schema_field({"type": "object", "additionalProperties": True})
class JSONObjectField(serializers.DictField):
    """Any JSON object, passed to the services as is."""
