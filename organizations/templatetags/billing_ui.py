"""Template helpers of the Billing and Usage tabs: amounts, data sizes, invoice lines."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from organizations.models import InvoiceLineKind
from organizations.models.invoice import LINE_UNITS

register = template.Library()

# Decimal units, as billed: 1 GB is 10^9 bytes. Translated: French writes To, Go, Mo, ko.
DATA_UNITS = [
    (10**12, pgettext_lazy("unit of data", "TB")),
    (10**9, pgettext_lazy("unit of data", "GB")),
    (10**6, pgettext_lazy("unit of data", "MB")),
    (10**3, pgettext_lazy("unit of data", "kB")),
]


@register.filter
def data_size(data_bytes: int | None) -> str:
    """``1500000`` → ``1.5 MB``, ``10**11`` → ``100 GB`` (in the page's number format)."""
    if data_bytes is None:
        return ""
    for size, unit in DATA_UNITS:
        if data_bytes >= size:
            value = round(data_bytes / size, 1)
            return f"{number_format(value, 0 if value.is_integer() else 1)} {unit}"
    return _("%(count)s bytes") % {"count": number_format(data_bytes, force_grouping=True)}


@register.filter
def grouped(value: int | None) -> str:
    """``1234567`` → ``1,234,567`` (or ``1.234.567``, as the page's language writes it)."""
    if value is None:
        return ""
    return number_format(value, force_grouping=True)


@register.filter
def money(amount: Decimal | None, currency: str = "") -> str:
    """``Decimal("1234.5")|money:"EUR"`` → ``1,234.50 EUR``."""
    if amount is None:
        return ""
    text = number_format(amount, 2, force_grouping=True)
    return f"{text} {currency}".strip()


@register.filter
def price(amount: Decimal | None, currency: str = "") -> str:
    """A unit price: at least two decimals, more when the price has them (0.0025 EUR)."""
    if amount is None:
        return ""
    places = max(2, -amount.normalize().as_tuple().exponent)
    return f"{number_format(amount, places, force_grouping=True)} {currency}".strip()


@register.filter
def line_kind(kind: str) -> str:
    return str(InvoiceLineKind(kind).label)


@register.filter
def line_unit(kind: str) -> str:
    return str(LINE_UNITS[kind])


@register.filter
def quantity(value: Decimal) -> str:
    """A line's quantity without the trailing zeros of its storage: 1, 12.5, 0.003214."""
    normalized = value.normalize()
    return number_format(normalized, max(0, -normalized.as_tuple().exponent), force_grouping=True)
