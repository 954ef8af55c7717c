"""The organization's teams and the members of each, identified by their user id."""

from functools import cached_property

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from common.errors import NotFound
from common.rest.schema import with_errors
from organizations.api.filters import TeamFilter, TeamMemberFilter
from organizations.api.scoping import MemberOrganizationMixin
from organizations.api.serializers.teams import (
    TeamMemberAddSerializer,
    TeamMemberRoleSerializer,
    TeamMemberSerializer,
    TeamNameSerializer,
    TeamSerializer,
)
from organizations.models import Team, TeamMembership
from organizations.selectors.teams import organization_teams, team_members
from organizations.services.team import (
    ERR_NOT_IN_TEAM,
    team_create,
    team_delete,
    team_member_add,
    team_member_change_role,
    team_member_remove,
    team_rename,
)

ERR_TEAM_NOT_FOUND = _("Team not found.")


@extend_schema(tags=["teams"])
@extend_schema_view(
    list=extend_schema(
        summary="List the organization's teams with their member counts",
        responses=with_errors({200: TeamSerializer(many=True)}, 404),
    ),
    retrieve=extend_schema(summary="A team", responses=with_errors({200: TeamSerializer}, 404)),
)
class TeamViewSet(
    MemberOrganizationMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The organization's teams."""

    serializer_class = TeamSerializer
    filterset_class = TeamFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Team.objects.none()
        return organization_teams(self.organization)

    def get_object(self) -> Team:
        team = self.get_queryset().filter(pk=self.kwargs["team_id"]).first()
        if team is None:
            raise NotFound(ERR_TEAM_NOT_FOUND)
        team.organization = self.organization
        return team

    def _respond(self, team: Team, status_code: int = status.HTTP_200_OK) -> Response:
        team = self.get_queryset().get(pk=team.pk)
        return Response(self.get_serializer(team).data, status=status_code)

    @extend_schema(
        summary="Create a team (owner or admin)",
        description="Within the plan's team limit.",
        request=TeamNameSerializer,
        responses=with_errors({201: TeamSerializer}, 400, 403, 404),
    )
    def create(self, request: Request, organization_id) -> Response:
        serializer = TeamNameSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        team = team_create(
            acting_user=request.user,
            organization=self.organization,
            name=serializer.validated_data["name"],
        )
        return self._respond(team, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Rename a team (owner or admin)",
        request=TeamNameSerializer,
        responses=with_errors({200: TeamSerializer}, 400, 403, 404),
    )
    def partial_update(self, request: Request, organization_id, team_id) -> Response:
        team = self.get_object()
        serializer = TeamNameSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        team_rename(acting_user=request.user, team=team, name=serializer.validated_data["name"])
        return self._respond(team)

    @extend_schema(
        summary="Delete a team (owner or admin)",
        description=(
            "Not the organization's last team. Members for whom it was the only team move to "
            "the oldest remaining team."
        ),
        responses=with_errors({204: None}, 400, 403, 404),
    )
    def destroy(self, request: Request, organization_id, team_id) -> Response:
        team_delete(acting_user=request.user, team=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["teams"])
@extend_schema_view(
    list=extend_schema(
        summary="List a team's members with their team role",
        responses=with_errors({200: TeamMemberSerializer(many=True)}, 400, 404),
    ),
    retrieve=extend_schema(
        summary="A team member", responses=with_errors({200: TeamMemberSerializer}, 404)
    ),
)
class TeamMemberViewSet(
    MemberOrganizationMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The members of one team, identified by their user id."""

    serializer_class = TeamMemberSerializer
    filterset_class = TeamMemberFilter

    @cached_property
    def team(self) -> Team:
        team = self.organization.teams.filter(pk=self.kwargs["team_id"]).first()
        if team is None:
            raise NotFound(ERR_TEAM_NOT_FOUND)
        team.organization = self.organization
        return team

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TeamMembership.objects.none()
        return team_members(self.team)

    def get_object(self) -> TeamMembership:
        team_membership = self.get_queryset().filter(user_id=self.kwargs["user_id"]).first()
        if team_membership is None:
            raise NotFound(ERR_NOT_IN_TEAM)
        return team_membership

    @extend_schema(
        summary="Add a member of the organization to the team",
        description="Owner or admin, or a team admin of this team (up to their own team role).",
        request=TeamMemberAddSerializer,
        responses=with_errors({201: TeamMemberSerializer}, 400, 403, 404),
    )
    def create(self, request: Request, organization_id, team_id) -> Response:
        team = self.team  # the URL's objects first: another organization's team is a 404
        serializer = TeamMemberAddSerializer(
            data=request.data, context={"organization": self.organization}
        )
        serializer.is_valid(raise_exception=True)
        team_membership = team_member_add(
            acting_user=request.user, team=team, **serializer.validated_data
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=team_membership.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Change a member's team role",
        description="Owner or admin, or a team admin of this team (on lower team roles).",
        request=TeamMemberRoleSerializer,
        responses=with_errors({200: TeamMemberSerializer}, 400, 403, 404),
    )
    def partial_update(self, request: Request, organization_id, team_id, user_id) -> Response:
        team_membership = self.get_object()
        serializer = TeamMemberRoleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        team_member_change_role(
            acting_user=request.user,
            team=self.team,
            user=team_membership.user,
            role=serializer.validated_data["role"],
        )
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Remove a member from the team",
        description=(
            "Owner or admin, or a team admin of this team (on lower team roles). Not the "
            "member's only team in the organization."
        ),
        responses=with_errors({204: None}, 400, 403, 404),
    )
    def destroy(self, request: Request, organization_id, team_id, user_id) -> Response:
        team_member_remove(acting_user=request.user, team=self.team, user=self.get_object().user)
        return Response(status=status.HTTP_204_NO_CONTENT)
