"""REST endpoints of an organization's billing: plan and current period, invoices, usage.

Owner and admins only (the role table's ``view_billing``): another member gets 403, someone
outside the organization 404. Each endpoint first resolves the organization with the
caller's role in one query (``organization_for_billing``).
"""

from functools import cached_property

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from common.rest.schema import with_errors
from organizations.api.serializers import PlanSerializer
from organizations.models import (
    Invoice,
    InvoiceLine,
    InvoiceLineKind,
    InvoiceStatus,
    Organization,
    UsageDay,
)
from organizations.selectors.billing import (
    billing_summary,
    organization_for_billing,
    organization_invoice,
    organization_invoices,
    organization_usage_days,
)

# Serializers -------------------------------------------------------------------------------


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField(help_text="First day of the month (UTC).")
    end = serializers.DateField(help_text="Last day of the month.")


class UsageAmountSerializer(serializers.Serializer):
    operations = serializers.IntegerField(help_text="API calls and dashboard or dataset views.")
    data_bytes = serializers.IntegerField(help_text="Bytes transferred by those calls.")


class AllowanceSerializer(serializers.Serializer):
    operations = serializers.IntegerField(
        source="included_operations", allow_null=True, help_text="A month; null: unlimited."
    )
    data_bytes = serializers.IntegerField(
        source="included_data_bytes", allow_null=True, help_text="A month; null: unlimited."
    )


class SeatsSerializer(serializers.Serializer):
    used = serializers.IntegerField(
        source="seats_taken", help_text="Members plus pending invitations."
    )
    limit = serializers.IntegerField(
        source="plan.seats", allow_null=True, help_text="Null: unlimited."
    )


class TeamsSerializer(serializers.Serializer):
    used = serializers.IntegerField(source="teams")
    limit = serializers.IntegerField(
        source="plan.max_teams", allow_null=True, help_text="Null: unlimited."
    )


class ChargeLineSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=InvoiceLineKind.choices)
    quantity = serializers.DecimalField(
        max_digits=24,
        decimal_places=9,
        help_text="1 for the plan's month, else thousands of operations or GB (10^9 bytes).",
    )
    unit_price = serializers.DecimalField(max_digits=12, decimal_places=4)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)


class EstimateSerializer(serializers.Serializer):
    currency = serializers.CharField()
    lines = ChargeLineSerializer(many=True)
    subtotal = serializers.DecimalField(max_digits=12, decimal_places=2)
    total = serializers.DecimalField(max_digits=12, decimal_places=2)


class BillingSerializer(serializers.Serializer):
    """The plan and the current period: usage so far, the allowance, what it costs so far."""

    plan = PlanSerializer()
    period = PeriodSerializer()
    days_until_reset = serializers.IntegerField(help_text="Days until the next period starts.")
    usage = UsageAmountSerializer(help_text="This period so far.")
    allowance = AllowanceSerializer(source="plan", help_text="What the plan includes a month.")
    estimate = EstimateSerializer(
        source="charges",
        help_text="This period so far: the plan's fee and the overages at today's usage.",
    )
    seats = SeatsSerializer(source="*")
    teams = TeamsSerializer(source="*")


class InvoiceLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = InvoiceLine
        fields = ["position", "kind", "quantity", "unit_price", "amount"]
        read_only_fields = fields


class InvoiceSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=InvoiceStatus.choices, read_only=True)

    class Meta:
        model = Invoice
        fields = [
            "id",
            "number",
            "period_start",
            "period_end",
            "plan_name",
            "operations",
            "data_bytes",
            "currency",
            "subtotal",
            "total",
            "status",
            "issued_at",
            "paid_at",
            "created_at",
        ]
        read_only_fields = fields


class InvoiceDetailSerializer(InvoiceSerializer):
    lines = InvoiceLineSerializer(many=True, read_only=True)

    class Meta(InvoiceSerializer.Meta):
        fields = [*InvoiceSerializer.Meta.fields, "organization_name", "lines"]
        read_only_fields = fields


class UsageDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = UsageDay
        fields = ["day", "operations", "data_bytes"]
        read_only_fields = fields


class UsageDayFilter(django_filters.FilterSet):
    since = django_filters.DateFilter(
        field_name="day", lookup_expr="gte", help_text="From this day (YYYY-MM-DD), included."
    )
    until = django_filters.DateFilter(
        field_name="day", lookup_expr="lte", help_text="Up to this day (YYYY-MM-DD), included."
    )

    class Meta:
        model = UsageDay
        fields = ["since", "until"]


# Views -------------------------------------------------------------------------------------


class BillingScopedMixin:
    """The organization of the URL, if the caller may see its billing (404, else 403)."""

    @cached_property
    def organization(self) -> Organization:
        return organization_for_billing(
            user=self.request.user, organization_id=self.kwargs["organization_id"]
        )


@extend_schema(tags=["billing"])
class BillingViewSet(BillingScopedMixin, viewsets.GenericViewSet):
    serializer_class = BillingSerializer

    @extend_schema(
        summary="The plan, its allowances and the current period's usage (owner or admin)",
        description=(
            "Usage counts are written in batches: they may be a few seconds behind. A period "
            "is a calendar month in UTC."
        ),
        responses=with_errors({200: BillingSerializer}, 403, 404),
    )
    def retrieve(self, request: Request, organization_id) -> Response:
        return Response(self.get_serializer(billing_summary(self.organization)).data)


@extend_schema(tags=["billing"])
class InvoiceViewSet(
    BillingScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The organization's issued invoices (drafts are not shown until issued)."""

    serializer_class = InvoiceSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Invoice.objects.none()
        return organization_invoices(self.organization)

    def get_serializer_class(self):
        return InvoiceDetailSerializer if self.action == "retrieve" else InvoiceSerializer

    def get_object(self) -> Invoice:
        return organization_invoice(self.organization, self.kwargs["invoice_id"])

    @extend_schema(
        summary="List the organization's invoices, newest first (owner or admin)",
        responses=with_errors({200: InvoiceSerializer(many=True)}, 403, 404),
    )
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="An invoice with its lines (owner or admin)",
        responses=with_errors({200: InvoiceDetailSerializer}, 403, 404),
    )
    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return super().retrieve(request, *args, **kwargs)


@extend_schema(tags=["billing"])
class UsageViewSet(BillingScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Operations and data per day (UTC); days without usage have no row."""

    serializer_class = UsageDaySerializer
    filterset_class = UsageDayFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return UsageDay.objects.none()
        return organization_usage_days(self.organization)

    @extend_schema(
        summary="The organization's usage per day, oldest first (owner or admin)",
        responses=with_errors({200: UsageDaySerializer(many=True)}, 400, 403, 404),
    )
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)
