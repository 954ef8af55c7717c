"""System checks of e-mail delivery's settings."""

from django.conf import settings
from django.core.checks import Warning, register


@register()
def site_url_set(app_configs, **kwargs):
    """Links in e-mails sent during a request use that request's address; the others (from
    commands and tasks) need SITE_URL, which has no sensible default in production."""
    if settings.DEBUG or settings.SITE_URL:
        return []
    return [
        Warning(
            "SITE_URL is not set: links in e-mails sent outside a request (management "
            "commands, tasks) will not be absolute.",
            hint="Set SITE_URL to the site's public address, e.g. https://orgs.example.com.",
            id="outbox.W001",
        )
    ]
