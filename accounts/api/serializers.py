from rest_framework import serializers

from accounts.models import ApiToken


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
