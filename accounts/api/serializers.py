from django.conf import settings
from rest_framework import serializers

from accounts.models import ApiToken, User
from organizations.selectors.organizations import effective_country, effective_locale


class MeSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)
    locale = serializers.ChoiceField(
        choices=settings.LANGUAGES,
        allow_blank=True,
        read_only=True,
        help_text="Empty: the organization's language.",
    )
    active_organization = serializers.UUIDField(
        source="active_organization_id", read_only=True, allow_null=True
    )
    effective_locale = serializers.SerializerMethodField(
        help_text="The language you see: yours, else your active organization's, else en."
    )
    effective_country = serializers.SerializerMethodField(
        help_text="Your country, else your active organization's (empty if neither is set)."
    )

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "name",
            "city",
            "country",
            "locale",
            "active_organization",
            "effective_locale",
            "effective_country",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_effective_locale(self, user: User) -> str:
        return effective_locale(user)

    def get_effective_country(self, user: User) -> str:
        return effective_country(user)


class ProfileUpdateSerializer(serializers.Serializer):
    """Fields left out keep their value."""

    name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    country = serializers.CharField(
        max_length=2,
        required=False,
        allow_blank=True,
        help_text='ISO 3166-1 alpha-2 code, e.g. "BE"; empty to use the organization\'s.',
    )
    locale = serializers.ChoiceField(
        choices=settings.LANGUAGES,
        required=False,
        allow_blank=True,
        help_text="Empty to use the organization's language.",
    )


class ActiveOrganizationSerializer(serializers.Serializer):
    organization = serializers.UUIDField(help_text="One of your organizations.")


class ApiTokenSerializer(serializers.ModelSerializer):
    key = serializers.UUIDField(source="id", read_only=True)

    class Meta:
        model = ApiToken
        fields = ["key", "name", "created_at", "last_used_at", "expires_at"]
        read_only_fields = fields


class ApiTokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, help_text="What will use it, e.g. a script.")
    expires_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="Optional; in the future. Never if empty."
    )


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    token = serializers.CharField(
        read_only=True, help_text="Shown this once: only its hash is kept."
    )
    authorization = serializers.CharField(
        read_only=True, help_text="The Authorization header value to send."
    )

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "token", "authorization"]
        read_only_fields = fields
