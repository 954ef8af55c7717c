from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from organizations.selectors import invitation_by_token
from organizations.services.invitation import invitation_accept as accept_invitation
from organizations.services.invitation import invitation_check_acceptable
from orgsite.errors import DomainError


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The page behind an invitation e-mail's Accept invitation button."""
    try:
        invitation = invitation_by_token(token)
        invitation_check_acceptable(invitation)
    except DomainError as error:
        return render(
            request,
            "organizations/invitation_accept.html",
            {"error": error.message},
            status=error.status_code,
        )
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(request, "organizations/invitation_accept.html", {"invitation": invitation})
    if request.method == "POST":
        try:
            membership = accept_invitation(acting_user=request.user, token=token)
        except DomainError as error:
            return render(
                request,
                "organizations/invitation_accept.html",
                {"invitation": invitation, "error": error.message},
                status=error.status_code,
            )
        messages.success(request, f"You joined {membership.organization.display_name}.")
        return redirect("home")
    return render(request, "organizations/invitation_accept.html", {"invitation": invitation})
