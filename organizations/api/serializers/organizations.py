from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.locales import LOCALE_CHOICES
from common.rest.fields import LocalizedTextField
from organizations.api.serializers.members import OrganizationMemberField
from organizations.api.serializers.plans import PlanSummarySerializer
from organizations.models import Organization
from organizations.models.organization import Region
from organizations.roles import ORGANIZATION_ROLES, Capability, OrganizationRole
from organizations.services.organization import ERR_NEW_OWNER_NOT_MEMBER


class OrganizationSerializer(serializers.ModelSerializer):
    """An organization as its member sees it, with the caller's ``role`` and what that
    role may do. Views set ``caller_role`` on the instance."""

    name = LocalizedTextField(read_only=True)
    display_name = serializers.CharField(read_only=True, help_text="The name in your language.")
    country = serializers.CharField(source="country.code", read_only=True)
    logo = serializers.SerializerMethodField()
    plan = PlanSummarySerializer(read_only=True)
    role = serializers.ChoiceField(
        source="caller_role", choices=OrganizationRole.choices, read_only=True
    )
    capabilities = serializers.SerializerMethodField(help_text="What your role may do here.")

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "display_name",
            "slug",
            "region",
            "country",
            "locale",
            "logo",
            "plan",
            "role",
            "capabilities",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_logo(self, organization: Organization) -> str | None:
        if not organization.logo:
            return None
        request = self.context.get("request")
        url = organization.logo.url
        return request.build_absolute_uri(url) if request is not None else url

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(Capability)))
    def get_capabilities(self, organization: Organization) -> list[str]:
        return sorted(ORGANIZATION_ROLES[organization.caller_role].capabilities)


class OrganizationCreateSerializer(serializers.Serializer):
    name = LocalizedTextField()
    region = serializers.ChoiceField(
        choices=Region.choices, help_text="Where the data is stored; never changeable."
    )
    country = serializers.CharField(
        max_length=2, required=False, allow_blank=True, help_text='ISO 3166-1 code, e.g. "BE".'
    )
    locale = serializers.ChoiceField(choices=LOCALE_CHOICES, required=False)


class OrganizationUpdateSerializer(serializers.Serializer):
    """Fields left out keep their value."""

    name = LocalizedTextField(required=False)
    locale = serializers.ChoiceField(choices=LOCALE_CHOICES, required=False)
    country = serializers.CharField(max_length=2, required=False, allow_blank=True)
    region = serializers.ChoiceField(
        choices=Region.choices,
        required=False,
        help_text="Refused unless unchanged: the region is chosen at creation only.",
    )


class LogoUploadSerializer(serializers.Serializer):
    logo = serializers.FileField(help_text="PNG, JPEG or WebP, at most 2 MB and 4096×4096 px.")


class TransferOwnershipSerializer(serializers.Serializer):
    new_owner = OrganizationMemberField(
        help_text="User id of a member, who becomes the owner; you become an admin.",
        error_messages={"does_not_exist": ERR_NEW_OWNER_NOT_MEMBER},
    )
