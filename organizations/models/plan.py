import uuid
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

FREE_PLAN_CODE = "free"


class Plan(models.Model):
    """An entry of the plan catalogue that operators manage; organizations start on Free."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    monthly_price = models.DecimalField(
        _("monthly price"), max_digits=10, decimal_places=2, default=0
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    seats = models.PositiveIntegerField(
        _("seats"),
        null=True,
        blank=True,
        help_text=_("Members plus pending invitations. Empty: unlimited."),
    )
    max_teams = models.PositiveIntegerField(
        _("maximum teams"), null=True, blank=True, help_text=_("Empty: unlimited.")
    )
    # Usage allowances of a month, and the price of what goes beyond them (Decimal, in the
    # plan's currency). Data is counted in decimal gigabytes, 1 GB = 10^9 bytes, as billed.
    included_operations = models.PositiveBigIntegerField(
        _("included operations"),
        null=True,
        blank=True,
        help_text=_("API calls and dashboard or dataset views a month. Empty: unlimited."),
    )
    included_data_bytes = models.PositiveBigIntegerField(
        _("included data (bytes)"),
        null=True,
        blank=True,
        help_text=_("Bytes transferred a month (1 GB = 1,000,000,000 bytes). Empty: unlimited."),
    )
    overage_price_per_1000_operations = models.DecimalField(
        _("price per 1,000 extra operations"),
        max_digits=10,
        decimal_places=4,
        default=Decimal("0"),
        help_text=_("Operations beyond the allowance. Zero: not billed."),
    )
    overage_price_per_gb = models.DecimalField(
        _("price per extra GB"),
        max_digits=10,
        decimal_places=4,
        default=Decimal("0"),
        help_text=_("Data beyond the allowance. Zero: not billed."),
    )
    is_public = models.BooleanField(_("offered to customers"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["monthly_price", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(seats__isnull=True) | models.Q(seats__gte=1),
                name="plan_seats_at_least_one",
            ),
            models.CheckConstraint(
                condition=models.Q(max_teams__isnull=True) | models.Q(max_teams__gte=1),
                name="plan_max_teams_at_least_one",
            ),
            models.CheckConstraint(
                condition=models.Q(overage_price_per_1000_operations__gte=0)
                & models.Q(overage_price_per_gb__gte=0),
                name="plan_overage_prices_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


def default_plan_id() -> uuid.UUID:
    """The Free plan (created by a data migration) is every new organization's plan."""
    return Plan.objects.values_list("id", flat=True).get(code=FREE_PLAN_CODE)
