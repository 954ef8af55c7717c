"""``manage.py generate_invoices --period YYYY-MM``: the monthly invoicing run.

Safe to run again (from cron, after a failure): organizations invoiced for the month are
skipped, so a second run creates nothing. Run it after the month is over and the web
workers have flushed their usage counts (``USAGE_METERING_FLUSH_SECONDS``), e.g. at 01:00
UTC on the 1st for the month before.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from common.errors import DomainError
from organizations.billing import BillingPeriod, today_utc
from organizations.services.invoice import invoices_generate


class Command(BaseCommand):
    help = "Creates the month's invoices (draft) of every organization; idempotent."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--period",
            help="The month to invoice, YYYY-MM (default: the month before the current one).",
        )

    def handle(self, *args, period: str | None = None, **options) -> None:
        try:
            billing_period = (
                BillingPeriod.parse(period)
                if period
                else BillingPeriod.containing(today_utc()).previous()
            )
            run = invoices_generate(period=billing_period)
        except DomainError as error:
            raise CommandError(str(error)) from error
        for invoice in run.created:
            self.stdout.write(
                f"{invoice.number}  {invoice.organization_name}  {invoice.total} {invoice.currency}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("%(period)s: %(created)d invoice(s) created, %(skipped)d already invoiced.")
                % {
                    "period": billing_period,
                    "created": len(run.created),
                    "skipped": run.skipped,
                }
            )
        )
