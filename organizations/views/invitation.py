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


@require_http_methods(["GET", "POST"])
def invitation_accept_page(request: HttpRequest, token: str) -> HttpResponse:
    """The page behind an invitation e-mail's Accept invitation button.

    Logged out, it offers to log in, or to sign up with the invited address (which then
    accepts in the same step); logged in with another address, it says so.
    """
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
        previous_organization_id = request.user.active_organization_id
        try:
            membership = invitation_accept(acting_user=request.user, token=token)
        except DomainError as error:
            context["error"] = error.message
            return render(request, TEMPLATE, context, status=error.status_code)
        names = {"organization": membership.organization.display_name}
        if previous_organization_id not in (None, membership.organization_id):
            # Accepting makes it the active organization: the pages change, so say so.
            message = _(
                "You joined %(organization)s, and you are now working in it. Switch back "
                "with the organization menu."
            )
        else:
            message = _("You joined %(organization)s.")
        messages.success(request, message % names)
        return redirect("home")
    return render(request, TEMPLATE, context)
