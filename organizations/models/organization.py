import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from common.locales import LOCALE_CHOICES
from common.localized import localized_text
from organizations.models.plan import default_plan_id

ERR_REGION_IMMUTABLE = _(
    "The region can't be changed after the organization is created: it is where the "
    "organization's data is stored and processed."
)


class Region(models.TextChoices):
    US = "US", _("United States (US)")
    EU = "EU", _("European Union (EU)")


class RegionImmutableError(ValidationError):
    """Raised when code tries to save an organization with a changed region."""


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def update(self, **kwargs):
        # A bulk update would bypass the check in save(); refuse region changes here too.
        if "region" in kwargs:
            raise RegionImmutableError(ERR_REGION_IMMUTABLE, code="region_immutable")
        return super().update(**kwargs)


class Organization(models.Model):
    """A customer: the container of members, teams, securables, plan and usage."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.JSONField(_("name"), help_text=_('Localized: {"en": "…", "nl": "…", "fr": "…"}.'))
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    region = models.CharField(
        _("region"),
        max_length=2,
        choices=Region.choices,
        help_text=_("Data-center location. Chosen at creation; never changeable."),
    )
    country = CountryField(_("country"), blank=True)
    locale = models.CharField(
        _("default language"), max_length=8, choices=LOCALE_CHOICES, default="en"
    )
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    plan = models.ForeignKey(
        "organizations.Plan",
        verbose_name=_("plan"),
        on_delete=models.PROTECT,
        default=default_plan_id,
        related_name="organizations",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region__in=Region.values), name="organization_region_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        # The region is an invariant of the stored data, not a business rule of one front
        # door: whatever path saves the row, a changed region is refused.
        loaded_region = getattr(self, "_loaded_region", None)
        if loaded_region is None and not self._state.adding:
            loaded_region = (
                Organization.objects.filter(pk=self.pk).values_list("region", flat=True).first()
            )
        if loaded_region is not None and self.region != loaded_region:
            raise RegionImmutableError(ERR_REGION_IMMUTABLE, code="region_immutable")
        super().save(*args, **kwargs)
        self._loaded_region = self.region

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_region = instance.__dict__.get("region")
        return instance

    @property
    def display_name(self) -> str:
        return localized_text(self.name) or self.slug
