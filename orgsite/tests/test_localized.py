"""Localized text: a JSON object keyed by language, validated once and read in any language."""

import pytest
from django.utils import translation

from common.errors import InvalidInput
from common.localized import SUPPORTED_LANGUAGES, clean_localized_text, localized_text


def test_supported_languages_are_the_sites():
    assert SUPPORTED_LANGUAGES == ("en", "nl", "fr")


# clean_localized_text -----------------------------------------------------------------------


def test_clean_keeps_every_supported_language():
    value = {"en": "Your organization", "nl": "Jouw organisatie", "fr": "Ton association"}

    assert clean_localized_text(value, field="name") == value


def test_clean_trims_and_drops_empty_translations():
    cleaned = clean_localized_text({"en": "  Acme  ", "nl": "   ", "fr": None}, field="name")

    assert cleaned == {"en": "Acme"}


def test_clean_returns_a_new_dict():
    value = {"en": " Acme "}

    cleaned = clean_localized_text(value, field="name")

    assert cleaned is not value
    assert value == {"en": " Acme "}


def test_any_single_language_is_enough():
    assert clean_localized_text({"fr": "Ton association"}, field="name") == {
        "fr": "Ton association"
    }


@pytest.mark.parametrize("value", ["Acme", ["Acme"], None, 42, ("en", "Acme")])
def test_clean_refuses_what_is_not_an_object(value):
    with pytest.raises(InvalidInput) as refused:
        clean_localized_text(value, field="name")

    assert refused.value.field == "name"
    assert "object keyed by language" in str(refused.value)


@pytest.mark.parametrize("value", [{}, {"en": ""}, {"en": "  ", "nl": None}])
def test_clean_refuses_text_in_no_language(value):
    with pytest.raises(InvalidInput, match="at least one language") as refused:
        clean_localized_text(value, field="description")

    assert refused.value.field == "description"


@pytest.mark.parametrize("language", ["de", "EN", "en-us", ""])
def test_clean_refuses_unsupported_languages(language):
    with pytest.raises(InvalidInput) as refused:
        clean_localized_text({"en": "Acme", language: "Acme"}, field="name")

    assert refused.value.field == "name"
    assert f"“{language}”" in str(refused.value)
    assert "en, nl, fr" in str(refused.value)


@pytest.mark.parametrize("text", [42, ["Acme"], {"en": "Acme"}, True])
def test_clean_refuses_non_string_translations(text):
    with pytest.raises(InvalidInput) as refused:
        clean_localized_text({"en": "Acme", "nl": text}, field="name")

    assert refused.value.field == "name"
    assert "nl" in str(refused.value)


def test_clean_enforces_the_maximum_length_after_trimming():
    assert clean_localized_text({"en": " " + "x" * 200 + " "}, field="name") == {"en": "x" * 200}

    with pytest.raises(InvalidInput, match="at most 200 characters"):
        clean_localized_text({"en": "x" * 201}, field="name")


def test_clean_takes_a_custom_maximum_length():
    assert clean_localized_text({"en": "x" * 500}, field="description", max_length=500)

    with pytest.raises(InvalidInput, match="at most 10 characters") as refused:
        clean_localized_text({"fr": "x" * 11}, field="description", max_length=10)

    assert refused.value.field == "description"
    assert "fr" in str(refused.value)


# localized_text -----------------------------------------------------------------------------

NAME = {"en": "Your organization", "nl": "Jouw organisatie", "fr": "Ton association"}


@pytest.mark.parametrize("value", [None, {}])
def test_empty_text_reads_as_empty_string(value):
    assert localized_text(value) == ""
    assert localized_text(value, "nl") == ""


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
def test_text_in_the_asked_language(language):
    assert localized_text(NAME, language) == NAME[language]


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
def test_text_in_the_active_language_by_default(language):
    with translation.override(language):
        assert localized_text(NAME) == NAME[language]


def test_regional_variant_of_the_active_language_reads_the_language():
    with translation.override("nl-be"):
        assert localized_text(NAME) == "Jouw organisatie"


def test_asked_language_wins_over_the_active_one():
    with translation.override("fr"):
        assert localized_text(NAME, "nl") == "Jouw organisatie"


def test_missing_language_falls_back_to_english():
    value = {"fr": "Ton association", "en": "Your organization"}

    assert localized_text(value, "nl") == "Your organization"
    with translation.override("nl"):
        assert localized_text(value) == "Your organization"


def test_without_english_falls_back_to_any_translation():
    assert localized_text({"fr": "Ton association"}, "nl") == "Ton association"
    with translation.override("en"):
        assert localized_text({"nl": "Jouw organisatie"}) == "Jouw organisatie"


def test_without_active_language_reads_the_site_default():
    with translation.override(None):
        assert localized_text(NAME) == "Your organization"
