"""The operators' admin for billing: the organizations' Change plan and Generate invoices
actions, invoices with their status actions, usage per day, the invoice counters.

Every change goes through the services (``organization_change_plan`` as an operator,
``invoices_generate``, ``invoice_change_status``); invoices, their lines and usage rows are
read-only here, since their amounts come from the billing run and the meter.
"""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin import ReadOnlyAdminMixin, ServiceAdminMixin, refusal_as_field_error
from organizations.billing import BillingPeriod, today_utc
from organizations.models import (
    Invoice,
    InvoiceLine,
    InvoiceSequence,
    InvoiceStatus,
    Plan,
    UsageDay,
)
from organizations.services.access import require_operator
from organizations.services.invoice import invoice_change_status, invoices_generate
from organizations.services.organization import organization_change_plan
from organizations.templatetags.billing_ui import data_size

ACTION_FORM_TEMPLATE = "admin/organizations/organization/action_form.html"


class ChangePlanForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=_("New plan"),
        queryset=Plan.objects.order_by("monthly_price", "code"),
        help_text=_(
            "Effective immediately and shown on the next invoice. A plan too small for an "
            "organization's members, invitations or teams is refused for that organization."
        ),
    )


class GenerateInvoicesForm(forms.Form):
    period = forms.CharField(
        label=_("Month"),
        max_length=7,
        help_text=_("YYYY-MM, a month that is over. Organizations invoiced for it are skipped."),
    )

    def clean_period(self) -> BillingPeriod:
        with refusal_as_field_error():
            return BillingPeriod.parse(self.cleaned_data["period"])


class BillingActionsMixin:
    """Organization admin actions that go through the billing services as an operator (for
    an admin class that is a ``ServiceAdminMixin`` too)."""

    def _action_page(self, request, queryset, *, action, title, form, submit):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "organizations": queryset.select_related("plan"),
            "form": form,
            "action": action,
            "submit": submit,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, ACTION_FORM_TEMPLATE, context)

    @admin.action(description=_("Change plan"), permissions=["operator"])
    def change_plan(self, request, queryset):
        form = ChangePlanForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self._action_page(
                request,
                queryset,
                action="change_plan",
                title=_("Change the plan of the selected organizations"),
                form=form,
                submit=_("Change plan"),
            )
        plan = form.cleaned_data["plan"]
        changed = 0
        for organization in queryset.select_related("plan"):
            with self.refusal_as_message(request, about=organization) as outcome:
                organization_change_plan(
                    acting_user=request.user, organization=organization, plan=plan, as_operator=True
                )
            if not outcome.refused:
                changed += 1
        if changed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d organization is now on the %(plan)s plan.",
                    "%(count)d organizations are now on the %(plan)s plan.",
                    changed,
                )
                % {"count": changed, "plan": plan.name},
                messages.SUCCESS,
            )
        return None

    @admin.action(description=_("Generate invoices"), permissions=["operator"])
    def generate_invoices(self, request, queryset):
        last_month = BillingPeriod.containing(today_utc()).previous()
        form = GenerateInvoicesForm(
            request.POST if "apply" in request.POST else None, initial={"period": str(last_month)}
        )
        if not form.is_valid():
            return self._action_page(
                request,
                queryset,
                action="generate_invoices",
                title=_("Generate the invoices of the selected organizations"),
                form=form,
                submit=_("Generate invoices"),
            )
        with self.refusal_as_message(request) as outcome:
            run = invoices_generate(
                period=form.cleaned_data["period"],
                acting_user=request.user,
                organizations=list(queryset),
            )
        if outcome.refused:
            return None
        self.message_user(
            request,
            _("%(created)d invoice(s) created (draft), %(skipped)d skipped: already invoiced.")
            % {"created": len(run.created), "skipped": run.skipped},
            messages.SUCCESS,
        )
        return None


class InvoiceLineInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = InvoiceLine
    fields = ("position", "kind", "quantity", "unit_price", "amount")
    readonly_fields = fields
    extra = 0


@admin.register(Invoice)
class InvoiceAdmin(ServiceAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only amounts; operators move invoices along draft → open → paid, or void them,
    with the actions (other changes are refused with a message)."""

    list_display = (
        "number",
        "organization_name",
        "period_start",
        "plan_name",
        "total",
        "currency",
        "status",
        "created_at",
    )
    list_filter = ("status", "period_start", "currency")
    search_fields = ("number", "organization_name", "organization__slug")
    date_hierarchy = "period_start"
    fields = (
        "number",
        "status",
        "organization",
        "organization_name",
        "period_start",
        "period_end",
        "plan",
        "plan_name",
        "operations",
        "data_bytes",
        "currency",
        "subtotal",
        "total",
        "created_at",
        "issued_at",
        "paid_at",
    )
    readonly_fields = fields
    inlines = (InvoiceLineInline,)
    actions = ("mark_open", "mark_paid", "mark_void")
    operator_rule = staticmethod(require_operator)

    def _change_status(self, request, queryset, status: str) -> None:
        changed = 0
        for invoice in queryset:
            with self.refusal_as_message(request) as outcome:
                invoice_change_status(acting_user=request.user, invoice=invoice, status=status)
            if not outcome.refused:
                changed += 1
        if changed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d invoice is now %(status)s.",
                    "%(count)d invoices are now %(status)s.",
                    changed,
                )
                % {"count": changed, "status": InvoiceStatus(status).label},
                messages.SUCCESS,
            )

    @admin.action(description=_("Open (issue) the invoice"), permissions=["operator"])
    def mark_open(self, request, queryset) -> None:
        self._change_status(request, queryset, InvoiceStatus.OPEN)

    @admin.action(description=_("Mark as paid"), permissions=["operator"])
    def mark_paid(self, request, queryset) -> None:
        self._change_status(request, queryset, InvoiceStatus.PAID)

    @admin.action(description=_("Void"), permissions=["operator"])
    def mark_void(self, request, queryset) -> None:
        self._change_status(request, queryset, InvoiceStatus.VOID)


@admin.register(UsageDay)
class UsageDayAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Written by the usage meter only."""

    list_display = ("day", "organization", "operations", "data")
    list_select_related = ("organization",)
    list_filter = ("day",)
    search_fields = ("organization__slug",)
    date_hierarchy = "day"
    fields = ("organization", "day", "operations", "data_bytes")
    readonly_fields = fields

    @admin.display(description=_("data"), ordering="data_bytes")
    def data(self, usage_day: UsageDay) -> str:
        return data_size(usage_day.data_bytes)


@admin.register(InvoiceSequence)
class InvoiceSequenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Taken by the billing run, under a lock; never edited by hand (a gap would follow)."""

    list_display = ("year", "last_number")
    fields = ("year", "last_number")
    readonly_fields = fields
