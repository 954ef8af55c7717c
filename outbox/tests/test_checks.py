"""The system check that production settings name SITE_URL (links outside a request)."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError


def test_production_settings_without_site_url_get_a_warning(settings):
    settings.DEBUG = False
    settings.SITE_URL = ""

    with pytest.raises(SystemCheckError, match=r"outbox\.W001"):
        call_command("check", "--fail-level", "WARNING")


def test_production_settings_with_site_url_pass_the_check(settings):
    settings.DEBUG = False
    settings.SITE_URL = "https://orgs.example.com"

    call_command("check", "--fail-level", "WARNING")


def test_development_needs_no_site_url(settings):
    settings.DEBUG = True
    settings.SITE_URL = ""

    call_command("check", "--fail-level", "WARNING")
