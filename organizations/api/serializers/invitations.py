from rest_framework import serializers

from organizations.api.serializers.summaries import UserSummarySerializer
from organizations.models import Invitation, Team
from organizations.models.invitation import InvitationStatus
from organizations.roles import OrganizationRole, TeamRole
from organizations.services.invitation import ERR_TEAM_OUTSIDE
from outbox.models import MessageStatus


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
    email_status = serializers.ChoiceField(
        choices=MessageStatus.choices,
        read_only=True,
        allow_null=True,
        help_text=(
            "Delivery of the invitation's e-mail: failed means not delivered after every "
            "retry (resend the invitation); cancelled, withdrawn before it was sent."
        ),
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
            "email_status",
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
