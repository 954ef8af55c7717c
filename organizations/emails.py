"""E-mails of the organization domain, rendered in the organization's language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from organizations.models import Invitation


def invitation_accept_url(token: str) -> str:
    return settings.SITE_URL + reverse("invitation_accept", kwargs={"token": token})


def invitation_email_send(*, invitation_id, token: str) -> None:
    """Sends the invitation with its Accept invitation link (HTML and plain text).

    Called after the invitation's transaction commits, so a rolled-back invitation never
    reaches anyone's inbox.
    """
    invitation = Invitation.objects.select_related("organization", "invited_by").get(
        pk=invitation_id
    )
    organization = invitation.organization
    with translation.override(organization.locale):
        context = {
            # No request, so no i18n context processor: the HTML part's lang comes from here.
            "LANGUAGE_CODE": translation.get_language(),
            "invitation": invitation,
            "organization_name": organization.display_name,
            "inviter_name": invitation.invited_by.get_full_name() if invitation.invited_by else "",
            "accept_url": invitation_accept_url(token),
            "validity_days": settings.INVITATION_VALIDITY_DAYS,
        }
        subject = _("You are invited to join %(organization)s") % {
            "organization": organization.display_name
        }
        text_body = render_to_string("organizations/email/invitation.txt", context)
        html_body = render_to_string("organizations/email/invitation.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text_body, to=[invitation.email])
    message.attach_alternative(html_body, "text/html")
    message.send()
