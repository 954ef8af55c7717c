"""Shapes of dashboards, datasets and their shares in the REST API.

Levels are named (read, use, modify, own). A team to share with is found by its id in any
organization (teams of other organizations are shared with by id); a user by e-mail, by the
service.
"""

from dataclasses import dataclass

from rest_framework import serializers

from accounts.models import User
from common.rest.fields import JSONObjectField, LocalizedTextField, OptionalLocalizedTextField
from organizations.api.serializers.summaries import (
    OrganizationSummarySerializer,
    UserSummarySerializer,
)
from organizations.models import Organization, Securable, SecurableType, Team
from organizations.roles import AccessLevel
from organizations.selectors.organizations import ERR_ORGANIZATION_NOT_FOUND
from organizations.selectors.securables import ERR_SHARE_TEAM_UNKNOWN, share_team_by_id
from organizations.services.securable import ERR_SHARE_TARGET

LEVEL_NAMES: dict[AccessLevel, str] = {level: level.name.lower() for level in AccessLevel}
LEVEL_CHOICES = list(LEVEL_NAMES.values())


class LevelField(serializers.ChoiceField):
    """An access level by name: read < use < modify < own."""

    def __init__(self, **kwargs) -> None:
        super().__init__(choices=LEVEL_CHOICES, **kwargs)

    def to_representation(self, value) -> str:
        return LEVEL_NAMES[AccessLevel(value)]

    def to_internal_value(self, data) -> AccessLevel:
        return AccessLevel[super().to_internal_value(data).upper()]


class SecurableSerializer(serializers.ModelSerializer):
    """A dashboard or dataset with your ``access_level`` on it."""

    name = LocalizedTextField(read_only=True)
    display_name = serializers.CharField(read_only=True, help_text="The name in your language.")
    description = OptionalLocalizedTextField(read_only=True)
    contents = JSONObjectField(read_only=True)
    organization = OrganizationSummarySerializer(read_only=True)
    owner = UserSummarySerializer(read_only=True)
    access_level = LevelField(
        read_only=True,
        help_text=(
            "Your level: the highest of ownership, your role in its organization, a share "
            "with you and the shares with your teams."
        ),
    )

    class Meta:
        model = Securable
        fields = [
            "id",
            "type",
            "name",
            "display_name",
            "description",
            "contents",
            "organization",
            "owner",
            "access_level",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class SecurableQuerySerializer(serializers.Serializer):
    """The list's filters."""

    type = serializers.ChoiceField(choices=SecurableType.choices, required=False)
    organization = serializers.UUIDField(
        required=False, help_text="Only the securables of this organization."
    )
    min_level = LevelField(required=False, help_text="Only those you have at least this level on.")


class CallerOrganizationField(serializers.PrimaryKeyRelatedField):
    """An organization id, resolved among the caller's organizations."""

    default_error_messages = {"does_not_exist": ERR_ORGANIZATION_NOT_FOUND}

    def __init__(self, **kwargs):
        super().__init__(pk_field=serializers.UUIDField(), **kwargs)

    def get_queryset(self):
        return Organization.objects.filter(memberships__user=self.context["request"].user)


class SecurableCreateSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=SecurableType.choices)
    organization = CallerOrganizationField(
        help_text="One of your organizations, where your role may create (not viewer)."
    )
    name = LocalizedTextField()
    description = OptionalLocalizedTextField(required=False)
    contents = JSONObjectField(required=False, help_text="The dashboard's definition.")


class SecurableUpdateSerializer(serializers.Serializer):
    """Fields left out keep their value."""

    name = LocalizedTextField(required=False)
    description = OptionalLocalizedTextField(required=False)
    contents = JSONObjectField(required=False)


@dataclass(frozen=True)
class Share:
    """One share of a securable: with a user or with a team, at a level."""

    user: User | None
    team: Team | None
    level: int

    @property
    def kind(self) -> str:
        return "user" if self.user is not None else "team"


class ShareTeamSerializer(serializers.ModelSerializer):
    organization = OrganizationSummarySerializer(read_only=True)

    class Meta:
        model = Team
        fields = ["id", "name", "organization"]
        read_only_fields = fields


class ShareSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["user", "team"], read_only=True)
    user = UserSummarySerializer(read_only=True, allow_null=True, help_text="When kind is user.")
    team = ShareTeamSerializer(read_only=True, allow_null=True, help_text="When kind is team.")
    level = LevelField(read_only=True)


class ShareCreateSerializer(serializers.Serializer):
    """Either ``email`` or ``team``."""

    email = serializers.EmailField(
        max_length=254, required=False, help_text="Of a user, in any organization."
    )
    team = serializers.UUIDField(
        required=False, help_text="Id of a team, of this or another organization."
    )
    level = LevelField()

    def validate_team(self, team_id) -> Team:
        team = share_team_by_id(team_id)
        if team is None:
            raise serializers.ValidationError(ERR_SHARE_TEAM_UNKNOWN)
        return team

    def validate(self, data: dict) -> dict:
        if ("email" in data) == ("team" in data):
            raise serializers.ValidationError(ERR_SHARE_TARGET)
        return data


class ShareLevelSerializer(serializers.Serializer):
    level = LevelField()
