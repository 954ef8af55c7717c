from rest_framework import serializers

from organizations.models import Plan


class PlanSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = ["id", "code", "name"]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = [
            "id",
            "code",
            "name",
            "monthly_price",
            "currency",
            "seats",
            "max_teams",
            "included_operations",
            "included_data_bytes",
            "overage_price_per_1000_operations",
            "overage_price_per_gb",
        ]
        read_only_fields = fields
