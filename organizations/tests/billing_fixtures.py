"""Helpers of the billing tests: usage on given days, organizations old enough to be
invoiced, issued invoices."""

from datetime import UTC, date, datetime

from organizations.billing import BillingPeriod, today_utc
from organizations.metering import usage_add
from organizations.models import Invoice, InvoiceStatus, Organization
from organizations.services.invoice import invoice_generate

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


def last_month() -> BillingPeriod:
    return BillingPeriod.containing(today_utc()).previous()


def founded_long_ago(organization: Organization) -> Organization:
    """Test organizations are created today; a month is invoiced only to the ones that
    existed then."""
    Organization.objects.filter(pk=organization.pk).update(created_at=LONG_AGO)
    organization.created_at = LONG_AGO
    return organization


def record_usage(organization: Organization, day: date, operations: int, data_bytes: int = 0):
    """Writes usage as the meter's flush does."""
    usage_add({(organization.pk, day): (operations, data_bytes)})


def issued_invoice(
    organization: Organization,
    period: BillingPeriod | None = None,
    status: str = InvoiceStatus.OPEN,
) -> Invoice:
    """The organization's invoice of ``period`` (default: last month), issued (open)."""
    founded_long_ago(organization)
    invoice = invoice_generate(organization=organization, period=period or last_month())
    Invoice.objects.filter(pk=invoice.pk).update(status=status)
    invoice.status = status
    return invoice
