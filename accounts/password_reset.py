"""The password-reset e-mail goes through the outbox, like every e-mail of the site."""

from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives
from django.template import loader

from outbox.services import outbox_enqueue


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's form (the link on the request's own, validated address) with the message
    recorded in the outbox instead of sent inside the request."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if html_email_template_name is not None:
            message.attach_alternative(
                loader.render_to_string(html_email_template_name, context), "text/html"
            )
        outbox_enqueue(message=message, kind="password_reset")
