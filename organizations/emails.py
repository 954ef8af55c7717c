"""E-mails of the organization domain, rendered in the organization's language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from common.locales import ui_language
from common.request_context import absolute_url
from organizations.models import Invitation
from outbox.models import OutboxMessage
from outbox.services import outbox_enqueue


def invitation_accept_url(token: str) -> str:
    return absolute_url(reverse("invitation_accept", kwargs={"token": token}))


def invitation_email_enqueue(*, invitation: Invitation, token: str) -> OutboxMessage:
    """Records the invitation with its Accept invitation link (HTML and plain text) in the
    outbox, in the invitation's transaction: a worker sends it once that commits, so a
    rolled-back invitation never reaches anyone's inbox and a saved one is never lost.
    """
    organization = invitation.organization
    with translation.override(ui_language(organization.locale)):
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
    return outbox_enqueue(message=message, kind="invitation")
