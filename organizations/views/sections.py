"""Home, the organization switcher, and the sidebar's sections that arrive with securables."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from organizations.selectors import active_membership, organization_for_member
from organizations.services.membership import user_switch_active_organization
from organizations.views.common import organization_page
from orgsite.ui import perform, safe_next_url

SECTIONS = {
    "dashboards": {
        "title": _("Dashboards"),
        "empty": _(
            "Dashboards arrive with securables: once they do, the dashboards of this "
            "organization that you may see are listed here."
        ),
    },
    "datasets": {
        "title": _("Datasets"),
        "empty": _(
            "Datasets arrive with securables: once they do, the datasets of this organization "
            "that you may see are listed here."
        ),
    },
    "plugins": {
        "title": _("Plugins"),
        "empty": _(
            "Plugins arrive with securables: once they do, the plugins available to this "
            "organization are listed here."
        ),
    },
}


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The active organization's dashboards; without an organization, creating one."""
    if active_membership(request.user) is None:
        return redirect("organization_create")
    return redirect("dashboards")


def _section(name: str):
    @require_GET
    @organization_page
    def section(request: HttpRequest) -> HttpResponse:
        return render(
            request, "organizations/section_empty.html", {"section": name, **SECTIONS[name]}
        )

    section.__name__ = name
    return section


dashboards = _section("dashboards")
datasets = _section("datasets")
plugins = _section("plugins")


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
        messages.success(
            request,
            gettext("You are now working in %(organization)s.")
            % {"organization": organization.display_name},
        )
    next_url = safe_next_url(request, fallback="")
    if next_url and _stays_valid_after_switching(next_url):
        return redirect(next_url)
    return redirect("home")
