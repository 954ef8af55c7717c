"""Account pages: log out and API tokens. Logging in and resetting a password are Django's
views with this site's templates (see urls.py); sign-up and the Profile tab show
organization data, so they are organizations' views (organizations/views/)."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import ApiTokenForm, EmailChangeForm, PasswordChangeForm
from accounts.models import ApiToken
from accounts.profile import (
    user_change_password,
    user_email_change_confirm,
    user_email_change_request,
)
from accounts.selectors import user_api_tokens
from accounts.services import api_token_create, api_token_revoke
from common.errors import DomainError
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


def _sign_in_page(request: HttpRequest, password_form=None, email_form=None) -> HttpResponse:
    context = {
        "tab": "sign_in",
        "password_form": password_form or PasswordChangeForm(prefix="password"),
        "email_form": email_form or EmailChangeForm(prefix="email"),
    }
    bound = (password_form or email_form) is not None
    return render(request, "accounts/sign_in.html", context, status=400 if bound else 200)


@require_http_methods(["GET"])
@login_required
def sign_in_settings(request: HttpRequest) -> HttpResponse:
    """Profile → Password and e-mail."""
    return _sign_in_page(request)


@require_POST
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST, prefix="password")
    if form.is_valid():
        outcome = perform(
            request,
            user_change_password,
            form=form,
            acting_user=request.user,
            current_password=form.cleaned_data["current_password"],
            new_password=form.cleaned_data["new_password"],
        )
        if outcome.ok:
            # This session stays signed in; the others end with the old password.
            update_session_auth_hash(request, outcome.value)
            messages.success(
                request,
                _("Your password was changed. You were signed out everywhere else."),
            )
            return redirect("sign_in_settings")
    return _sign_in_page(request, password_form=form)


@require_POST
@login_required
def email_change(request: HttpRequest) -> HttpResponse:
    form = EmailChangeForm(request.POST, prefix="email")
    if form.is_valid():
        outcome = perform(
            request,
            user_email_change_request,
            form=form,
            acting_user=request.user,
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            site_url=request.build_absolute_uri("/"),
        )
        if outcome.ok:
            messages.success(
                request,
                _(
                    "We sent a confirmation link to %(email)s. Your address changes when you "
                    "open it; until then you keep logging in with %(current)s."
                )
                % {"email": outcome.value, "current": request.user.email},
            )
            return redirect("sign_in_settings")
    return _sign_in_page(request, email_form=form)


@require_http_methods(["GET", "POST"])
@login_required
def email_change_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the confirmation e-mail: a page with a button, so that a mail scanner
    opening links changes nothing."""
    if request.method == "POST":
        try:
            user = user_email_change_confirm(acting_user=request.user, token=token)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("sign_in_settings")
        messages.success(
            request, _("Your e-mail address is now %(email)s.") % {"email": user.email}
        )
        return redirect("sign_in_settings")
    return render(request, "accounts/email_change_confirm.html", {"tab": "sign_in"})
