from django.db import models
from django.utils.translation import gettext_lazy as _


class UsageDay(models.Model):
    """What an organization consumed on one day (UTC): operations and bytes transferred.

    Written only by the usage meter (``organizations.metering``), which adds its buffered
    counts with an upsert; one row per organization and day. Rows are identified by their
    organization and day, never by id, so the default integer key is enough here.
    """

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="usage_days",
    )
    day = models.DateField(_("day"))
    operations = models.PositiveBigIntegerField(_("operations"), default=0)
    data_bytes = models.PositiveBigIntegerField(_("data (bytes)"), default=0)

    class Meta:
        verbose_name = _("usage of a day")
        verbose_name_plural = _("usage per day")
        ordering = ["day"]
        constraints = [
            # The upsert's conflict target: counts of the same day add up in one row.
            models.UniqueConstraint(
                fields=["organization", "day"], name="usage_day_one_per_organization_and_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}: {self.operations} operations, {self.data_bytes} bytes"
