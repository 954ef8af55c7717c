from rest_framework import serializers

from organizations.api.serializers.members import OrganizationMemberField
from organizations.models import Team, TeamMembership
from organizations.roles import TeamRole
from organizations.services.team import ERR_TEAM_MEMBER_NOT_IN_ORGANIZATION


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
