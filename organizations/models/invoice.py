import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class InvoiceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    PAID = "paid", _("Paid")
    VOID = "void", _("Void")


# The only status changes there are: draft → open → paid, and draft or open → void.
INVOICE_STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    InvoiceStatus.DRAFT: frozenset({InvoiceStatus.OPEN, InvoiceStatus.VOID}),
    InvoiceStatus.OPEN: frozenset({InvoiceStatus.PAID, InvoiceStatus.VOID}),
    InvoiceStatus.PAID: frozenset(),
    InvoiceStatus.VOID: frozenset(),
}
# Drafts are the operators' work in progress: customers see an invoice once it is issued.
CUSTOMER_VISIBLE_STATUSES = (InvoiceStatus.OPEN, InvoiceStatus.PAID, InvoiceStatus.VOID)


class InvoiceLineKind(models.TextChoices):
    PLAN = "plan", _("Plan")
    OPERATIONS_OVERAGE = "operations_overage", _("Extra operations")
    DATA_OVERAGE = "data_overage", _("Extra data")


# What a line's quantity counts, and so what its unit price is the price of.
LINE_UNITS = {
    InvoiceLineKind.PLAN: _("month"),
    InvoiceLineKind.OPERATIONS_OVERAGE: _("1,000 operations"),
    InvoiceLineKind.DATA_OVERAGE: _("GB"),
}


class InvoiceSequence(models.Model):
    """The last invoice number given in a year. Its row is locked while a number is taken,
    so numbers follow each other without gaps even when invoices are created concurrently."""

    year = models.PositiveIntegerField(_("year"), primary_key=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("invoice number sequence")
        verbose_name_plural = _("invoice number sequences")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Invoice(models.Model):
    """What an organization owes for a month: its plan's fee and its overages.

    The customer's name, the plan and the month's usage are copied, so that the invoice
    stays what was sent even when the organization or the plan changes (or is deleted).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invoices",
    )
    organization_name = models.CharField(_("billed to"), max_length=200)
    number = models.CharField(_("number"), max_length=20, unique=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    plan = models.ForeignKey(
        "organizations.Plan",
        verbose_name=_("plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    plan_name = models.CharField(_("plan name"), max_length=100)
    operations = models.PositiveBigIntegerField(_("operations in the period"), default=0)
    data_bytes = models.PositiveBigIntegerField(_("data in the period (bytes)"), default=0)
    currency = models.CharField(_("currency"), max_length=3)
    subtotal = models.DecimalField(_("subtotal"), max_digits=12, decimal_places=2)
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=10, choices=InvoiceStatus.choices, default=InvoiceStatus.DRAFT
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-period_start", "number"]
        constraints = [
            # What makes invoicing a month twice harmless: one invoice per month and customer.
            models.UniqueConstraint(
                fields=["organization", "period_start"],
                name="invoice_one_per_organization_and_period",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="invoice_period_not_reversed",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=InvoiceStatus.values), name="invoice_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "-period_start"], name="invoice_org_recent")
        ]

    def __str__(self) -> str:
        return self.number


class InvoiceLine(models.Model):
    """One line: ``quantity`` of the unit times ``unit_price``, rounded to the cent."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.CASCADE, related_name="lines"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=20, choices=InvoiceLineKind.choices)
    quantity = models.DecimalField(_("quantity"), max_digits=24, decimal_places=9)
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=4)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["invoice", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "position"], name="invoice_line_one_per_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.amount}"
