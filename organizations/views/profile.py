"""The Profile tab (its language and country default to the active organization's) and
Profile → Organizations: the user's organizations and roles, Leave, Create a new
organization."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.services import user_profile_update
from common.ui import perform
from organizations.forms.accounts import ProfileForm
from organizations.forms.organization import OrganizationCreateForm
from organizations.roles import OrganizationRole
from organizations.selectors.organizations import (
    effective_locale,
    organization_for_member,
    user_memberships,
)
from organizations.services.membership import membership_leave
from organizations.services.organization import organization_create


@require_http_methods(["GET", "POST"])
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        request.POST or None,
        organization=user.active_organization,
        initial={
            "name": user.name,
            "city": user.city,
            "locale": user.locale,
            "country": user.country.code if user.country else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        outcome = perform(
            request, user_profile_update, form=form, acting_user=user, **form.cleaned_data
        )
        if outcome.ok:
            # Said in the language of the page that follows, which may have just changed.
            with translation.override(effective_locale(outcome.value)):
                messages.success(request, _("Your profile was saved."))
            return redirect("profile")
    return render(request, "accounts/profile.html", {"tab": "profile", "form": form})


@require_GET
@login_required
def profile_organizations(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organizations/profile_organizations.html",
        {
            "tab": "organizations",
            "memberships": user_memberships(request.user),
            "owner_role": OrganizationRole.OWNER,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def organization_create_view(request: HttpRequest) -> HttpResponse:
    form = OrganizationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The name is given in the language the creator is using, which also becomes the
        # organization's default language; the other translations come in Settings.
        language = get_language()
        outcome = perform(
            request,
            organization_create,
            form=form,
            acting_user=request.user,
            name={language: form.cleaned_data["name"]},
            region=form.cleaned_data["region"],
            country=form.cleaned_data["country"],
            locale=language,
        )
        if outcome.ok:
            messages.success(
                request,
                _("The organization %(name)s was created.") % {"name": outcome.value.display_name},
            )
            return redirect("home")
    return render(
        request, "organizations/organization_create.html", {"tab": "organizations", "form": form}
    )


@require_POST
@login_required
def organization_leave(request: HttpRequest, organization_id) -> HttpResponse:
    organization = perform(
        request, organization_for_member, user=request.user, organization_id=organization_id
    ).value
    if perform(request, membership_leave, acting_user=request.user, organization=organization).ok:
        messages.success(
            request,
            _("You left %(organization)s.") % {"organization": organization.display_name},
        )
    return redirect("profile_organizations")
