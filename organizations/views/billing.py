"""Organization → Billing: the plan (the owner changes it here), the current period so
far, and the invoices, each with a printable page. Owner and admins only."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.ui import perform
from organizations.forms.billing import PlanChangeForm
from organizations.roles import Capability
from organizations.selectors.billing import (
    billing_summary,
    organization_invoice,
    organization_invoices,
    plans_to_choose,
)
from organizations.services.organization import organization_change_plan
from organizations.views.common import may, organization_page, require

INVOICES_PER_PAGE = 24


def _billing_page(request: HttpRequest, plan_form: PlanChangeForm | None = None) -> HttpResponse:
    organization = request.organization
    invoices = Paginator(organization_invoices(organization), INVOICES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "tab": "billing",
        "summary": billing_summary(organization),
        "page": invoices,
        "may_change_plan": may(request, Capability.CHANGE_PLAN),
    }
    if context["may_change_plan"]:
        context["plan_form"] = plan_form or PlanChangeForm(
            plans=plans_to_choose(organization), initial={"plan": organization.plan_id}
        )
    return render(request, "organizations/billing.html", context)


@require_GET
@organization_page
def billing(request: HttpRequest) -> HttpResponse:
    require(request, Capability.VIEW_BILLING)
    return _billing_page(request)


@require_POST
@organization_page
def plan_change(request: HttpRequest) -> HttpResponse:
    require(request, Capability.CHANGE_PLAN)
    organization = request.organization
    form = PlanChangeForm(request.POST, plans=plans_to_choose(organization))
    if form.is_valid():
        plan = form.cleaned_data["plan"]
        outcome = perform(
            request,
            organization_change_plan,
            form=form,
            acting_user=request.user,
            organization=organization,
            plan=plan,
        )
        if outcome.ok:
            messages.success(
                request,
                _(
                    "The organization is now on the %(plan)s plan. The change is effective "
                    "immediately and shows on the next invoice."
                )
                % {"plan": plan.name},
            )
            return redirect("organization_billing")
        # The refusal's page shows the plan the organization is still on.
        organization.refresh_from_db()
    return _billing_page(request, plan_form=form)


@require_GET
@organization_page
def invoice_detail(request: HttpRequest, invoice_id) -> HttpResponse:
    """An invoice as a page to print (the print style leaves the navigation out)."""
    require(request, Capability.VIEW_BILLING)
    invoice = perform(
        request, organization_invoice, organization=request.organization, invoice_id=invoice_id
    ).value
    return render(request, "organizations/invoice.html", {"tab": "billing", "invoice": invoice})
