"""The system check that production settings name SITE_URL (links outside a request)."""

from django.core.checks import run_checks


def check_ids() -> set[str]:
    return {message.id for message in run_checks()}


def test_production_settings_without_site_url_get_a_warning(settings):
    settings.DEBUG = False
    settings.SITE_URL = ""

    assert "outbox.W001" in check_ids()


def test_production_settings_with_site_url_pass_the_check(settings):
    settings.DEBUG = False
    settings.SITE_URL = "https://orgs.example.com"

    assert "outbox.W001" not in check_ids()


def test_development_needs_no_site_url(settings):
    settings.DEBUG = True
    settings.SITE_URL = ""

    assert "outbox.W001" not in check_ids()
