"""Shapes of the organization domain in the REST API.

Input serializers only parse: the rules (who may, which values are allowed together) are the
services'. Ids in a request body are looked up within the organization of the URL, so an id
of another organization is never resolved.
"""

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from common.localized import SUPPORTED_LANGUAGES
from organizations.models import Invitation, Membership, Organization, Plan, Team, TeamMembership
from organizations.models.invitation import InvitationStatus
from organizations.models.organization import Region
from organizations.roles import ORGANIZATION_ROLES, Capability, OrganizationRole, TeamRole
from organizations.services.invitation import ERR_TEAM_OUTSIDE
from organizations.services.organization import ERR_NEW_OWNER_NOT_MEMBER
from organizations.services.team import ERR_TEAM_MEMBER_NOT_IN_ORGANIZATION

LOCALIZED_TEXT_SCHEMA = {
    "type": "object",
    "description": "Localized text: an object keyed by language (en, nl, fr).",
    "properties": {language: {"type": "string"} for language in SUPPORTED_LANGUAGES},
    "additionalProperties": False,
    "minProperties": 1,
    "example": {"en": "Your organization", "nl": "Jouw organisatie", "fr": "Ton association"},
}


@extend_schema_field(LOCALIZED_TEXT_SCHEMA)
class LocalizedTextField(serializers.DictField):
    """Passed to the services as is: they validate the languages and texts."""

    child = serializers.CharField(allow_blank=True, trim_whitespace=False)


class UserSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "name"]
        read_only_fields = fields


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
    locale = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)


class OrganizationUpdateSerializer(serializers.Serializer):
    """Fields left out keep their value."""

    name = LocalizedTextField(required=False)
    locale = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    country = serializers.CharField(max_length=2, required=False, allow_blank=True)
    region = serializers.ChoiceField(
        choices=Region.choices,
        required=False,
        help_text="Refused unless unchanged: the region is chosen at creation only.",
    )


class LogoUploadSerializer(serializers.Serializer):
    logo = serializers.FileField(help_text="PNG, JPEG or WebP, at most 2 MB and 4096×4096 px.")


class MemberTeamSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="team.id", read_only=True)
    name = serializers.CharField(source="team.name", read_only=True)

    class Meta:
        model = TeamMembership
        fields = ["id", "name", "role"]
        read_only_fields = fields


class MemberSerializer(serializers.ModelSerializer):
    """A member, identified by their user id, with their role and teams here."""

    id = serializers.UUIDField(source="user.id", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    name = serializers.CharField(source="user.name", read_only=True)
    teams = MemberTeamSerializer(
        source="user.organization_team_memberships", many=True, read_only=True
    )
    joined_at = serializers.DateTimeField(source="created_at", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "email", "name", "role", "teams", "joined_at"]
        read_only_fields = fields


class MemberRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=OrganizationRole.choices)


class OrganizationMemberField(serializers.PrimaryKeyRelatedField):
    """A user id, resolved among the members of the organization in the context."""

    def __init__(self, **kwargs):
        super().__init__(pk_field=serializers.UUIDField(), **kwargs)

    def get_queryset(self):
        return User.objects.filter(memberships__organization=self.context["organization"])


class TransferOwnershipSerializer(serializers.Serializer):
    new_owner = OrganizationMemberField(
        help_text="User id of a member, who becomes the owner; you become an admin.",
        error_messages={"does_not_exist": ERR_NEW_OWNER_NOT_MEMBER},
    )


class OrganizationTeamField(serializers.PrimaryKeyRelatedField):
    """A team id, resolved among the teams of the organization in the context."""

    def __init__(self, **kwargs):
        super().__init__(pk_field=serializers.UUIDField(), **kwargs)

    def get_queryset(self):
        return self.context["organization"].teams.all()


class InvitationTeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "name"]
        read_only_fields = fields


class InvitationSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(
        source="display_status",
        choices=InvitationStatus.choices,
        read_only=True,
        help_text="A pending invitation past its expiry is expired.",
    )
    teams = InvitationTeamSerializer(many=True, read_only=True)
    invited_by = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "email",
            "name",
            "role",
            "teams",
            "team_role",
            "note",
            "status",
            "invited_by",
            "sent_at",
            "expires_at",
            "accepted_at",
            "revoked_at",
        ]
        read_only_fields = fields


class InvitationCreateSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254, help_text="Who is invited.")
    name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    role = serializers.ChoiceField(
        choices=OrganizationRole.choices,
        default=OrganizationRole.MEMBER,
        help_text="Not owner (ownership is transferred) and not above your own.",
    )
    teams = serializers.ListField(
        child=OrganizationTeamField(error_messages={"does_not_exist": ERR_TEAM_OUTSIDE}),
        required=False,
        help_text="Team ids of this organization (default: its first team).",
    )
    team_role = serializers.ChoiceField(choices=TeamRole.choices, default=TeamRole.MEMBER)
    note = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, help_text="Added to the e-mail."
    )


class TeamSerializer(serializers.ModelSerializer):
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Team
        fields = ["id", "name", "member_count", "created_at", "updated_at"]
        read_only_fields = fields


class TeamNameSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, allow_blank=True)


class TeamMemberSerializer(serializers.ModelSerializer):
    """A member of a team, identified by their user id, with their team role."""

    id = serializers.UUIDField(source="user.id", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    name = serializers.CharField(source="user.name", read_only=True)
    joined_at = serializers.DateTimeField(source="created_at", read_only=True)

    class Meta:
        model = TeamMembership
        fields = ["id", "email", "name", "role", "joined_at"]
        read_only_fields = fields


class TeamMemberAddSerializer(serializers.Serializer):
    user = OrganizationMemberField(
        help_text="User id of a member of the organization.",
        error_messages={"does_not_exist": ERR_TEAM_MEMBER_NOT_IN_ORGANIZATION},
    )
    role = serializers.ChoiceField(choices=TeamRole.choices, default=TeamRole.MEMBER)


class TeamMemberRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=TeamRole.choices)
