"""Billing arithmetic, without the database: periods, allowances and what goes beyond them.

A billing period is a calendar month in UTC. A month is billed at the plan's monthly fee,
plus, for each of operations and data, what was used beyond the plan's allowance at the
plan's overage price (per 1,000 operations, per GB of 10^9 bytes), each line rounded to the
cent (half up). Invoices (``services.invoice``) and the estimates of the Billing tab and
the REST API compute their amounts here, so they always agree.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from common.errors import InvalidInput
from organizations.models import InvoiceLineKind, Plan

GB = 10**9
OPERATIONS_PER_PRICE_UNIT = 1000
CENT = Decimal("0.01")

ERR_PERIOD_FORMAT = _("Give the period as YYYY-MM, e.g. 2026-01.")


@dataclass(frozen=True)
class BillingPeriod:
    """A calendar month: ``start`` and ``end`` are its first and last days."""

    start: date
    end: date

    @classmethod
    def month(cls, year: int, month: int) -> "BillingPeriod":
        last_day = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last_day))

    @classmethod
    def containing(cls, day: date) -> "BillingPeriod":
        return cls.month(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> "BillingPeriod":
        """``YYYY-MM``, as the command line and the admin give it."""
        match = re.fullmatch(r"(\d{4})-(\d{2})", (text or "").strip())
        if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1970:
            raise InvalidInput(ERR_PERIOD_FORMAT, field="period")
        return cls.month(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.start:%Y-%m}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def next_start(self) -> date:
        return self.end + timedelta(days=1)

    @property
    def ends_at(self) -> datetime:
        """The first moment after the period (UTC)."""
        return datetime.combine(self.next_start, time.min, tzinfo=UTC)

    def previous(self) -> "BillingPeriod":
        return BillingPeriod.containing(self.start - timedelta(days=1))

    def days_until_reset(self, today: date) -> int:
        """Days from ``today`` until the next period starts (1 on the period's last day)."""
        return (self.next_start - today).days


def today_utc() -> date:
    return datetime.now(UTC).date()


@dataclass(frozen=True)
class ChargeLine:
    kind: str
    quantity: Decimal  # in the unit the unit price is for: months, 1,000 operations, GB
    unit_price: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Charges:
    currency: str
    lines: list[ChargeLine]

    @property
    def subtotal(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    @property
    def total(self) -> Decimal:
        # No taxes are computed: the total is the subtotal.
        return self.subtotal


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def operations_beyond(plan: Plan, operations: int) -> int:
    if plan.included_operations is None:
        return 0
    return max(0, operations - plan.included_operations)


def data_bytes_beyond(plan: Plan, data_bytes: int) -> int:
    if plan.included_data_bytes is None:
        return 0
    return max(0, data_bytes - plan.included_data_bytes)


def charges_for(plan: Plan, *, operations: int, data_bytes: int) -> Charges:
    """The lines of a month on ``plan`` with this usage: the plan's fee, then the overages
    that have a price (a line of nothing to pay for is left out)."""
    lines = [
        ChargeLine(
            kind=InvoiceLineKind.PLAN,
            quantity=Decimal(1),
            unit_price=plan.monthly_price,
            amount=_cents(plan.monthly_price),
        )
    ]
    extra_operations = operations_beyond(plan, operations)
    if extra_operations and plan.overage_price_per_1000_operations:
        quantity = Decimal(extra_operations) / OPERATIONS_PER_PRICE_UNIT
        price = plan.overage_price_per_1000_operations
        lines.append(
            ChargeLine(
                InvoiceLineKind.OPERATIONS_OVERAGE, quantity, price, _cents(quantity * price)
            )
        )
    extra_bytes = data_bytes_beyond(plan, data_bytes)
    if extra_bytes and plan.overage_price_per_gb:
        quantity = Decimal(extra_bytes) / GB
        price = plan.overage_price_per_gb
        lines.append(
            ChargeLine(InvoiceLineKind.DATA_OVERAGE, quantity, price, _cents(quantity * price))
        )
    return Charges(currency=plan.currency, lines=lines)


def daily_allowance(monthly_allowance: int | None, period: BillingPeriod) -> Decimal | None:
    """A month's allowance spread evenly over its days (the chart's reference line)."""
    if monthly_allowance is None:
        return None
    return Decimal(monthly_allowance) / period.days
