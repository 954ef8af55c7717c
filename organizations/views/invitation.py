from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.errors import DomainError
from organizations.selectors.invitations import invitation_by_token
from organizations.services.invitation import (
    ERR_WRONG_ACCOUNT,
    invitation_accept,
    invitation_check_acceptable,
)

TEMPLATE = "organizations/invitation_accept.html"
# Where the token of an opened link is kept when INVITATION_LINKS_VIA_SESSION is on.
SESSION_TOKEN = "invitation_token"


@require_http_methods(["GET", "POST"])
def invitation_accept_page(request: HttpRequest, token: str) -> HttpResponse:
    """The page behind an invitation e-mail's Accept invitation button.

    Logged out, it offers to log in, or to sign up with the invited address (which then
    accepts in the same step); logged in with another address, it says so. With
    INVITATION_LINKS_VIA_SESSION, opening the link moves its token into the session and
    lands on /invitations/open/, so that the token is in no later request, log line,
    ``?next=`` or Referer header.
    """
    if settings.INVITATION_LINKS_VIA_SESSION and request.method == "GET":
        request.session[SESSION_TOKEN] = token
        return redirect("invitation_open")
    return _invitation_page(request, token)


@require_http_methods(["GET", "POST"])
def invitation_open_page(request: HttpRequest) -> HttpResponse:
    """The invitation page of the link opened last in this session (none: the link is not
    valid)."""
    return _invitation_page(request, request.session.get(SESSION_TOKEN, ""))


def _invitation_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = invitation_by_token(token)
        invitation_check_acceptable(invitation)
    except DomainError as error:
        return render(request, TEMPLATE, {"error": error.message}, status=error.status_code)
    context = {"invitation": invitation, "token": token}
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(request, TEMPLATE, context)
    if request.user.email.lower() != invitation.email.lower():
        # Said before the button, not after it: this account can't accept the invitation.
        context["error"] = ERR_WRONG_ACCOUNT % {
            "invited": invitation.email,
            "current": request.user.email,
        }
        return render(request, TEMPLATE, context, status=403)
    if request.method == "POST":
        try:
            membership = invitation_accept(acting_user=request.user, token=token)
        except DomainError as error:
            context["error"] = error.message
            return render(request, TEMPLATE, context, status=error.status_code)
        request.session.pop(SESSION_TOKEN, None)
        messages.success(
            request,
            _("You joined %(organization)s.")
            % {"organization": membership.organization.display_name},
        )
        return redirect("home")
    return render(request, TEMPLATE, context)
