"""The invitation page behind an e-mail's link, and sign-up (from such a link or not)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.forms import SignupForm
from accounts.services import user_signup
from common.errors import DomainError
from common.ui import perform
from organizations.forms.accounts import InvitationSignupForm
from organizations.selectors.invitations import invitation_by_token
from organizations.services.invitation import (
    invitation_accept,
    invitation_accept_with_signup,
    invitation_check_acceptable,
)

TEMPLATE = "organizations/invitation_accept.html"
# Signing up logs the new user in; several backends are configured, so name the one.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
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
    try:
        # Said before the button, not after it: this account can't accept the invitation.
        invitation_check_acceptable(invitation, user=request.user)
    except DomainError as error:
        context["error"] = error.message
        return render(request, TEMPLATE, context, status=error.status_code)
    if request.method == "POST":
        previous_organization_id = request.user.active_organization_id
        try:
            membership = invitation_accept(acting_user=request.user, token=token)
        except DomainError as error:
            context["error"] = error.message
            return render(request, TEMPLATE, context, status=error.status_code)
        request.session.pop(SESSION_TOKEN, None)
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


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Sign up; from an invitation link (``?invitation=<token>``) the invited address is
    fixed and the new account joins the organization in the same step."""
    token = request.GET.get("invitation") or None
    invitation = None
    if token is not None:
        try:
            invitation = invitation_by_token(token)
            invitation_check_acceptable(invitation)
        except DomainError as error:
            return render(request, TEMPLATE, {"error": error.message}, status=error.status_code)
    if request.user.is_authenticated:
        return redirect("invitation_accept", token=token) if token else redirect("home")
    if invitation is None:
        form = SignupForm(request.POST or None)
        service, arguments = user_signup, {}
    else:
        form = InvitationSignupForm(request.POST or None, invitation=invitation)
        service, arguments = invitation_accept_with_signup, {"token": token}
    if request.method == "POST" and form.is_valid():
        outcome = perform(
            request,
            service,
            form=form,
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            password=form.cleaned_data["password"],
            **arguments,
        )
        if outcome.ok:
            login(request, outcome.value, backend=MODEL_BACKEND)
            if invitation is not None:
                messages.success(
                    request,
                    _("Welcome! You joined %(organization)s.")
                    % {"organization": invitation.organization.display_name},
                )
                return redirect("home")
            messages.success(
                request,
                _("Welcome! Create your organization to get started."),
            )
            return redirect("organization_create")
    return render(request, "accounts/signup.html", {"form": form, "invitation": invitation})
