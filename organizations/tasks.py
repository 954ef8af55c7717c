"""Celery tasks of the organization domain: thin, each calls one service."""

from celery import shared_task

from organizations.billing import BillingPeriod, today_utc
from organizations.services.invoice import invoices_generate


@shared_task(name="organizations.invoices_generate", ignore_result=True)
def invoices_generate_task(period: str | None = None) -> dict:
    """The monthly invoicing run (``manage.py generate_invoices``) as a beat task, scheduled
    on the 1st at 01:00 UTC for the month before; safe to run again."""
    billing_period = (
        BillingPeriod.parse(period) if period else BillingPeriod.containing(today_utc()).previous()
    )
    run = invoices_generate(period=billing_period)
    return {"period": str(billing_period), "created": len(run.created), "skipped": run.skipped}
