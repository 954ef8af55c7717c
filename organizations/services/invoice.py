"""Invoices: the monthly run that creates them, and the status changes operators make.

A month is invoiced once it is over, once per organization (a unique constraint on the
organization and the period's start; a second run creates nothing). Numbers are
``INV-<year>-<6 digits>``, sequential within the year of issue and without gaps: each
invoice takes the next number from its year's counter row while holding that row's lock,
in the transaction that creates the invoice, so concurrent runs wait for each other and a
rolled-back invoice gives its number back.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from common.errors import InvalidInput
from organizations.billing import BillingPeriod, charges_for, today_utc
from organizations.models import (
    AuditAction,
    Invoice,
    InvoiceLine,
    InvoiceSequence,
    InvoiceStatus,
    Organization,
)
from organizations.models.invoice import INVOICE_STATUS_TRANSITIONS
from organizations.selectors.billing import organization_plan_for_period, organization_usage_totals
from organizations.services.access import require_operator
from organizations.services.audit import audit_record

ERR_PERIOD_NOT_OVER = _(
    "%(period)s is not over yet: a month is invoiced once it has ended, with all its usage."
)
ERR_STATUS_INVALID = _("Choose a status: draft, open, paid or void.")
ERR_STATUS_TRANSITION = _(
    "Invoice %(number)s is %(current)s and can't become %(status)s. Invoices go from draft "
    "to open to paid; a draft or open invoice may be voided."
)


def _invoice_sequence_lock(year: int) -> InvoiceSequence:
    """The counter of ``year``, locked until the transaction ends: meanwhile no other
    invoice takes a number, or checks whether its month is already invoiced."""
    InvoiceSequence.objects.bulk_create(
        [InvoiceSequence(year=year, last_number=0)], ignore_conflicts=True
    )
    return InvoiceSequence.objects.select_for_update().get(year=year)


def _invoice_number_take(sequence: InvoiceSequence) -> str:
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"INV-{sequence.year}-{sequence.last_number:06d}"


def _check_period_over(period: BillingPeriod) -> None:
    if period.end >= today_utc():
        raise InvalidInput(ERR_PERIOD_NOT_OVER % {"period": str(period)}, field="period")


@transaction.atomic
def invoice_generate(
    *, organization: Organization, period: BillingPeriod, acting_user: User | None = None
) -> Invoice | None:
    """Creates the organization's invoice for ``period`` (a month that is over): the fee
    of the plan it ended the month on, and the overages of its usage. None when the
    organization already has one for that month, or did not exist yet then.

    ``acting_user`` is an operator (the admin), or None for the command line.
    """
    if acting_user is not None:
        require_operator(acting_user)
    _check_period_over(period)
    # The lock first: a concurrent run that invoiced this organization has committed by
    # the time we hold it, and the check below sees its invoice.
    sequence = _invoice_sequence_lock(timezone.now().year)
    organization = Organization.objects.select_related("plan").get(pk=organization.pk)
    already = Invoice.objects.filter(organization=organization, period_start=period.start)
    if already.exists() or organization.created_at >= period.ends_at:
        return None
    plan = organization_plan_for_period(organization, period)
    usage = organization_usage_totals(organization, since=period.start, until=period.end)
    charges = charges_for(plan, operations=usage.operations, data_bytes=usage.data_bytes)
    invoice = Invoice.objects.create(
        organization=organization,
        organization_name=organization.display_name[:200],
        number=_invoice_number_take(sequence),
        period_start=period.start,
        period_end=period.end,
        plan=plan,
        plan_name=plan.name,
        operations=usage.operations,
        data_bytes=usage.data_bytes,
        currency=charges.currency,
        subtotal=charges.subtotal,
        total=charges.total,
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=invoice,
            position=position,
            kind=line.kind,
            quantity=line.quantity,
            unit_price=line.unit_price,
            amount=line.amount,
        )
        for position, line in enumerate(charges.lines, start=1)
    )
    audit_record(
        action=AuditAction.INVOICE_CREATED,
        organization=organization,
        actor=acting_user,
        by_operator=acting_user is not None,
        data={"invoice": invoice.number, "period": str(period), "total": str(invoice.total)},
    )
    return invoice


@dataclass
class InvoiceRun:
    created: list[Invoice] = field(default_factory=list)
    skipped: int = 0


def invoices_generate(
    *,
    period: BillingPeriod,
    acting_user: User | None = None,
    organizations: list[Organization] | None = None,
) -> InvoiceRun:
    """Invoices ``period`` for every organization that existed then (or for the ones
    given), each in its own transaction: an interrupted run is completed by running it
    again, and running it twice creates nothing the second time."""
    if acting_user is not None:
        require_operator(acting_user)
    _check_period_over(period)
    if organizations is None:
        organizations = list(
            # Suborganizations are billed to (and metered for) their parent.
            Organization.objects.filter(
                created_at__lt=period.ends_at, as_suborganization__isnull=True
            )
            .select_related("plan")
            .order_by("created_at", "pk")
        )
    run = InvoiceRun()
    for organization in organizations:
        invoice = invoice_generate(
            organization=organization, period=period, acting_user=acting_user
        )
        if invoice is None:
            run.skipped += 1
        else:
            run.created.append(invoice)
    return run


@transaction.atomic
def invoice_change_status(*, acting_user: User, invoice: Invoice, status: str) -> Invoice:
    """Moves an invoice along draft → open → paid, or voids a draft or open one
    (operators only). Setting the status it already has changes nothing."""
    require_operator(acting_user)
    if status not in InvoiceStatus.values:
        raise InvalidInput(ERR_STATUS_INVALID, field="status")
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status == status:
        return invoice
    if status not in INVOICE_STATUS_TRANSITIONS[invoice.status]:
        raise InvalidInput(
            ERR_STATUS_TRANSITION
            % {
                "number": invoice.number,
                "current": InvoiceStatus(invoice.status).label,
                "status": InvoiceStatus(status).label,
            },
            field="status",
        )
    previous = invoice.status
    invoice.status = status
    now = timezone.now()
    if status == InvoiceStatus.OPEN:
        invoice.issued_at = now
    elif status == InvoiceStatus.PAID:
        invoice.paid_at = now
    invoice.save(update_fields=["status", "issued_at", "paid_at", "updated_at"])
    if invoice.organization is not None:
        audit_record(
            action=AuditAction.INVOICE_STATUS_CHANGED,
            organization=invoice.organization,
            actor=acting_user,
            by_operator=True,
            data={"invoice": invoice.number, "from": previous, "to": status},
        )
    return invoice
