"""Reads of plans, usage and invoices for the Billing and Usage tabs and the REST API.

Each selector runs a fixed number of queries: sums are computed by the database, invoices
come with their lines in one more query.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from common.errors import NotFound, PermissionDenied
from common.ids import parse_uuid
from organizations.billing import BillingPeriod, Charges, charges_for, today_utc
from organizations.models import (
    AuditAction,
    AuditEvent,
    Invoice,
    InvoiceLine,
    Membership,
    Organization,
    Plan,
    UsageDay,
)
from organizations.models.invoice import CUSTOMER_VISIBLE_STATUSES
from organizations.roles import ERR_NOT_ALLOWED, Capability, organization_role_has
from organizations.selectors.members import organization_seats_taken
from organizations.selectors.organizations import ERR_ORGANIZATION_NOT_FOUND

ERR_INVOICE_NOT_FOUND = _("Invoice not found.")


def organization_for_billing(*, user: User, organization_id: Any) -> Organization:
    """The organization with its plan, if the user may see its billing (one query).

    Not a member (or no such organization): NotFound; a member whose role may not see
    plan, invoices and usage: PermissionDenied.
    """
    organization_id = parse_uuid(organization_id)
    if organization_id is None:
        raise NotFound(ERR_ORGANIZATION_NOT_FOUND)
    membership = (
        Membership.objects.filter(user=user, organization_id=organization_id)
        .select_related("organization__plan")
        .first()
    )
    if membership is None:
        raise NotFound(ERR_ORGANIZATION_NOT_FOUND)
    if not organization_role_has(membership.role, Capability.VIEW_BILLING):
        raise PermissionDenied(ERR_NOT_ALLOWED)
    return membership.organization


@dataclass(frozen=True)
class UsageTotals:
    operations: int = 0
    data_bytes: int = 0


def organization_usage_days(
    organization: Organization, *, since: date | None = None, until: date | None = None
) -> QuerySet[UsageDay]:
    """The organization's days with usage, oldest first (days without usage have no row)."""
    days = UsageDay.objects.filter(organization=organization)
    if since is not None:
        days = days.filter(day__gte=since)
    if until is not None:
        days = days.filter(day__lte=until)
    return days.order_by("day")


def organization_usage_totals(
    organization: Organization, *, since: date, until: date
) -> UsageTotals:
    """Operations and bytes from ``since`` to ``until``, both included (one query)."""
    totals = organization_usage_days(organization, since=since, until=until).aggregate(
        operations=Sum("operations"), data_bytes=Sum("data_bytes")
    )
    return UsageTotals(totals["operations"] or 0, totals["data_bytes"] or 0)


@dataclass(frozen=True)
class DayUsage:
    day: date
    operations: int
    data_bytes: int


def organization_usage_last_days(
    organization: Organization, *, today: date, days: int
) -> list[DayUsage]:
    """Every one of the ``days`` days up to ``today``, zero where nothing was used."""
    first = today - timedelta(days=days - 1)
    stored = {
        row.day: row for row in organization_usage_days(organization, since=first, until=today)
    }
    return [
        DayUsage(
            day,
            stored[day].operations if day in stored else 0,
            stored[day].data_bytes if day in stored else 0,
        )
        for day in (first + timedelta(days=offset) for offset in range(days))
    ]


def organization_plan_for_period(organization: Organization, period: BillingPeriod) -> Plan:
    """The plan the organization held at the end of ``period``: its current plan, unless
    it changed plan since, as the audit trail says (a change takes effect immediately, so
    a month is billed at the plan it ended on; an invoice made days later still is)."""
    later_change = (
        AuditEvent.objects.filter(
            organization=organization,
            action=AuditAction.PLAN_CHANGED,
            created_at__gte=period.ends_at,
        )
        .order_by("created_at")
        .first()
    )
    if later_change is not None:
        plan = Plan.objects.filter(code=later_change.data.get("from")).first()
        if plan is not None:
            return plan
    return organization.plan


def organization_invoices(organization: Organization) -> QuerySet[Invoice]:
    """The organization's issued invoices (open, paid, void), newest period first; drafts
    are the operators' until they open them."""
    return Invoice.objects.filter(
        organization=organization, status__in=CUSTOMER_VISIBLE_STATUSES
    ).order_by("-period_start", "-number")


def organization_invoice(organization: Organization, invoice_id: Any) -> Invoice:
    """One issued invoice of the organization with its lines (two queries), or NotFound."""
    invoice_id = parse_uuid(invoice_id)
    if invoice_id is None:
        raise NotFound(ERR_INVOICE_NOT_FOUND)
    invoice = (
        organization_invoices(organization)
        .filter(pk=invoice_id)
        .prefetch_related(Prefetch("lines", queryset=InvoiceLine.objects.order_by("position")))
        .first()
    )
    if invoice is None:
        raise NotFound(ERR_INVOICE_NOT_FOUND)
    return invoice


@dataclass(frozen=True)
class BillingSummary:
    """The organization's plan and the current period: usage so far against the plan's
    allowance, and what the period costs so far."""

    organization: Organization
    plan: Plan
    period: BillingPeriod
    today: date
    usage: UsageTotals
    charges: Charges
    seats_taken: int
    teams: int

    @property
    def days_until_reset(self) -> int:
        return self.period.days_until_reset(self.today)

    @property
    def operations_percent(self) -> int | None:
        return _percent(self.usage.operations, self.plan.included_operations)

    @property
    def data_percent(self) -> int | None:
        return _percent(self.usage.data_bytes, self.plan.included_data_bytes)


def _percent(used: int, allowance: int | None) -> int | None:
    if not allowance:
        return None
    return round(100 * used / allowance)


def billing_summary(organization: Organization, *, today: date | None = None) -> BillingSummary:
    """The plan (already loaded with the organization) and the current period (four
    queries: usage, members, invitations, teams)."""
    today = today or today_utc()
    period = BillingPeriod.containing(today)
    plan = organization.plan
    usage = organization_usage_totals(organization, since=period.start, until=today)
    return BillingSummary(
        organization=organization,
        plan=plan,
        period=period,
        today=today,
        usage=usage,
        charges=charges_for(plan, operations=usage.operations, data_bytes=usage.data_bytes),
        seats_taken=organization_seats_taken(organization),
        teams=organization.teams.count(),
    )


def plans_to_choose(organization: Organization) -> QuerySet[Plan]:
    """The plans an owner may pick: the public ones, and the current one even if not."""
    return Plan.objects.filter(Q(is_public=True) | Q(pk=organization.plan_id)).order_by(
        "monthly_price", "code"
    )
