"""Organization → Settings, with the menu next to its title: Transfer ownership and Delete
organization (owner only)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from common.ui import perform
from organizations.forms.organization import (
    OrganizationDeleteForm,
    OrganizationSettingsForm,
    TransferOwnershipForm,
)
from organizations.roles import Capability
from organizations.selectors.members import ownership_candidates
from organizations.selectors.organizations import effective_locale
from organizations.services.organization import (
    organization_delete,
    organization_transfer_ownership,
    organization_update,
)
from organizations.views.common import may, organization_page, require

# Make's purple confirmation (success messages are purple).
OWNERSHIP_TRANSFERRED = gettext_lazy("Ownership has been transferred successfully.")


@require_http_methods(["GET", "POST"])
@organization_page
def settings_page(request: HttpRequest) -> HttpResponse:
    organization = request.organization
    may_edit = may(request, Capability.EDIT_SETTINGS)
    if request.method == "POST":
        require(request, Capability.EDIT_SETTINGS)
        form = OrganizationSettingsForm.for_organization(organization, request.POST, request.FILES)
        if form.is_valid():
            outcome = perform(
                request,
                organization_update,
                form=form,
                acting_user=request.user,
                organization=organization,
                name=form.localized_name(),
                locale=form.cleaned_data["locale"],
                country=form.cleaned_data["country"],
                logo=form.logo_change(),
            )
            if outcome.ok:
                # Said in the language of the page that follows, which the new default
                # language may have changed.
                with translation.override(effective_locale(request.user, outcome.value)):
                    messages.success(request, _("The organization settings were saved."))
                return redirect("organization_settings")
    else:
        form = OrganizationSettingsForm.for_organization(organization)
    if not may_edit:
        for field in form.fields.values():
            field.disabled = True
    context = {
        "tab": "settings",
        "form": form,
        "may_edit": may_edit,
    }
    return render(request, "organizations/settings.html", context)


@require_http_methods(["GET", "POST"])
@organization_page
def transfer_ownership(request: HttpRequest) -> HttpResponse:
    require(request, Capability.TRANSFER_OWNERSHIP)
    organization = request.organization
    form = TransferOwnershipForm(
        request.POST or None,
        user=request.user,
        candidates=ownership_candidates(organization),
    )
    if request.method == "POST" and form.is_valid():
        outcome = perform(
            request,
            organization_transfer_ownership,
            form=form,
            acting_user=request.user,
            organization=organization,
            new_owner=form.cleaned_data["new_owner"].user,
        )
        if outcome.ok:
            messages.success(request, OWNERSHIP_TRANSFERRED)
            return redirect("organization_settings")
    return render(
        request, "organizations/transfer_ownership.html", {"tab": "settings", "form": form}
    )


@require_http_methods(["GET", "POST"])
@organization_page
def organization_delete_view(request: HttpRequest) -> HttpResponse:
    require(request, Capability.DELETE_ORGANIZATION)
    organization = request.organization
    form = OrganizationDeleteForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        name = organization.display_name
        outcome = perform(
            request, organization_delete, acting_user=request.user, organization=organization
        )
        if outcome.ok:
            messages.success(request, _("The organization %(name)s was deleted.") % {"name": name})
            return redirect("home")
    return render(
        request, "organizations/organization_delete.html", {"tab": "settings", "form": form}
    )
