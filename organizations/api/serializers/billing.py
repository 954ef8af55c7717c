"""Shapes of an organization's billing: the plan and the current period, invoices, usage."""

from rest_framework import serializers

from organizations.api.serializers.plans import PlanSerializer
from organizations.models import Invoice, InvoiceLine, InvoiceLineKind, InvoiceStatus, UsageDay


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
