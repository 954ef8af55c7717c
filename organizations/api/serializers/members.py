from rest_framework import serializers

from accounts.models import User
from organizations.models import Membership, TeamMembership
from organizations.roles import OrganizationRole


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
