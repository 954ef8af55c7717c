import uuid

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
        ]

    def __str__(self) -> str:
        return self.name


def default_plan_id() -> uuid.UUID:
    """The Free plan (created by a data migration) is every new organization's plan."""
    return Plan.objects.values_list("id", flat=True).get(code=FREE_PLAN_CODE)
