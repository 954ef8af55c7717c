"""Home and the organization switcher."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from common.ui import perform, safe_next_url
from organizations.selectors.organizations import (
    active_membership,
    effective_locale,
    organization_for_member,
)
from organizations.services.membership import user_switch_active_organization


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The active organization's dashboards; without an organization, creating one."""
    if active_membership(request.user) is None:
        return redirect("organization_create")
    return redirect("dashboards")


def _stays_valid_after_switching(url: str) -> bool:
    """Pages of one object (a team) belong to the previous organization: those lead home."""
    try:
        return not resolve(url.split("?")[0]).kwargs
    except Resolver404:
        return False


@require_POST
@login_required
def organization_switch(request: HttpRequest) -> HttpResponse:
    """Makes another of the user's organizations the active one; every page follows."""
    organization = perform(
        request,
        organization_for_member,
        user=request.user,
        organization_id=request.POST.get("organization", ""),
    ).value
    if perform(
        request,
        user_switch_active_organization,
        acting_user=request.user,
        organization=organization,
    ).ok:
        # Said in the language of the page that follows: the organization's, unless the
        # user chose their own.
        with translation.override(effective_locale(request.user)):
            messages.success(
                request,
                gettext("You are now working in %(organization)s.")
                % {"organization": organization.display_name},
            )
    next_url = safe_next_url(request, fallback="")
    if next_url and _stays_valid_after_switching(next_url):
        return redirect(next_url)
    return redirect("home")
