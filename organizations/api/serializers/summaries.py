"""The short shapes of a user and an organization that other resources embed."""

from rest_framework import serializers

from accounts.models import User
from organizations.models import Organization


class UserSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "name"]
        read_only_fields = fields


class OrganizationSummarySerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True, help_text="The name in your language.")

    class Meta:
        model = Organization
        fields = ["id", "display_name"]
        read_only_fields = fields
