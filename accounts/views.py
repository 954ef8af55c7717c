"""Account pages: log out and API tokens. Logging in and resetting a password are Django's
views with this site's templates (see urls.py); sign-up and the Profile tab show
organization data, so they are organizations' views (organizations/views/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import ApiTokenForm
from accounts.models import ApiToken
from accounts.selectors import user_api_tokens
from accounts.services import api_token_create, api_token_revoke
from common.ui import perform


class SiteLogoutView(LogoutView):
    """Log out (POST only, as Django requires), with a message on the login page."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have been logged out."))
        return response


@require_http_methods(["GET", "POST"])
@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """Lists the user's tokens; creating one shows its secret on this response only."""
    form = ApiTokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        outcome = perform(
            request,
            api_token_create,
            form=form,
            acting_user=request.user,
            name=form.cleaned_data["name"],
            expires_at=form.expires_at(),
        )
        if outcome.ok:
            api_token, secret = outcome.value
            created = {"api_token": api_token, "token": secret}
            messages.success(
                request,
                _("API token %(name)s created. Copy it now: it won't be shown again.")
                % {"name": api_token.name},
            )
            form = ApiTokenForm()
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "tab": "api_tokens",
            "form": form,
            "form_open": form.is_bound,
            "created": created,
            "api_tokens": user_api_tokens(request.user),
        },
    )


@require_POST
@login_required
def api_token_revoke_view(request: HttpRequest, api_token_id) -> HttpResponse:
    api_token = get_object_or_404(ApiToken, pk=api_token_id, user=request.user)
    if perform(request, api_token_revoke, acting_user=request.user, api_token_id=api_token.pk).ok:
        messages.success(request, _("API token %(name)s was revoked.") % {"name": api_token.name})
    return redirect("api_tokens")
