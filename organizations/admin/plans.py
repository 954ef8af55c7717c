"""The plan catalogue, which operators manage (prices, limits, allowances)."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from organizations.models import Plan
from organizations.templatetags.billing_ui import data_size


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "monthly_price",
        "currency",
        "seats",
        "max_teams",
        "included_operations",
        "included_data",
        "overage_price_per_1000_operations",
        "overage_price_per_gb",
        "is_public",
        "organization_count",
    )
    list_filter = ("is_public", "currency")
    search_fields = ("code", "name")
    fieldsets = (
        (None, {"fields": ("code", "name", "is_public")}),
        (_("Price and limits"), {"fields": ("monthly_price", "currency", "seats", "max_teams")}),
        (
            _("Usage allowances a month, and overage prices"),
            {
                "fields": (
                    "included_operations",
                    "included_data_bytes",
                    "overage_price_per_1000_operations",
                    "overage_price_per_gb",
                )
            },
        ),
        (_("Dates"), {"fields": ("created_at", "updated_at")}),
    )
    readonly_fields = ("created_at", "updated_at")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(organization_count=Count("organizations"))

    @admin.display(description=_("organizations"), ordering="organization_count")
    def organization_count(self, plan: Plan) -> int:
        return plan.organization_count

    @admin.display(description=_("included data"), ordering="included_data_bytes")
    def included_data(self, plan: Plan) -> str:
        return data_size(plan.included_data_bytes) if plan.included_data_bytes is not None else "∞"
