"""REST endpoints of the organization domain: thin calls to the selectors and services.

Everything under ``/organizations/<organization_id>/`` first resolves the organization among
the caller's own (``organization_for_member``), so an organization the caller doesn't belong
to answers 404 exactly like an unknown one; objects are then looked up within that
organization only. Whether the caller may act is the services' decision (PermissionDenied,
403).
"""

from functools import cached_property

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api.throttling import InvitationThrottle
from common.errors import NotFound
from common.rest.schema import with_errors
from organizations.api.filters import (
    InvitationFilter,
    MemberFilter,
    TeamFilter,
    TeamMemberFilter,
)
from organizations.api.serializers import (
    InvitationCreateSerializer,
    InvitationSerializer,
    LogoUploadSerializer,
    MemberRoleSerializer,
    MemberSerializer,
    OrganizationCreateSerializer,
    OrganizationSerializer,
    OrganizationUpdateSerializer,
    PlanSerializer,
    TeamMemberAddSerializer,
    TeamMemberRoleSerializer,
    TeamMemberSerializer,
    TeamNameSerializer,
    TeamSerializer,
    TransferOwnershipSerializer,
)
from organizations.models import (
    Invitation,
    InvitationStatus,
    Membership,
    Organization,
    Plan,
    Team,
    TeamMembership,
)
from organizations.roles import Capability
from organizations.selectors.invitations import organization_invitations
from organizations.selectors.members import organization_members
from organizations.selectors.organizations import (
    ERR_ORGANIZATION_NOT_FOUND,
    organization_for_capability,
    organization_for_member,
    user_memberships,
)
from organizations.selectors.teams import organization_teams, team_members
from organizations.services.invitation import (
    ERR_INVITATION_NOT_FOUND,
    invitation_create,
    invitation_resend,
    invitation_revoke,
)
from organizations.services.membership import (
    ERR_MEMBER_NOT_FOUND,
    membership_change_role,
    membership_leave,
    membership_remove,
)
from organizations.services.organization import (
    organization_create,
    organization_delete,
    organization_transfer_ownership,
    organization_update,
)
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
ERR_PLAN_NOT_FOUND = _("Plan not found.")


def _with_caller_role(membership: Membership) -> Organization:
    organization = membership.organization
    organization.caller_role = membership.role
    return organization


@extend_schema(tags=["organizations"])
class OrganizationViewSet(viewsets.GenericViewSet):
    """The organizations you belong to, with your role in each."""

    serializer_class = OrganizationSerializer
    lookup_url_kwarg = "organization_id"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Membership.objects.none()
        return user_memberships(self.request.user)

    def get_object(self) -> Organization:
        return self._caller_organization(self.kwargs["organization_id"])

    def _caller_organization(self, organization_id) -> Organization:
        """The organization, read with the caller's role in it (one query), or a 404."""
        membership = self.get_queryset().filter(organization_id=organization_id).first()
        if membership is None:
            raise NotFound(ERR_ORGANIZATION_NOT_FOUND)
        return _with_caller_role(membership)

    def _respond(self, organization: Organization, status_code: int = status.HTTP_200_OK):
        fresh = self._caller_organization(organization.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    @extend_schema(
        summary="List your organizations, with your role in each",
        responses=with_errors({200: OrganizationSerializer(many=True)}, 404),
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        organizations = [_with_caller_role(membership) for membership in page]
        return self.get_paginated_response(self.get_serializer(organizations, many=True).data)

    @extend_schema(
        summary="Create an organization",
        description=(
            "On the Free plan, with one team, My Team; you become its owner and it becomes "
            "your active organization."
        ),
        request=OrganizationCreateSerializer,
        responses=with_errors({201: OrganizationSerializer}, 400),
    )
    def create(self, request: Request) -> Response:
        serializer = OrganizationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organization = organization_create(acting_user=request.user, **serializer.validated_data)
        return self._respond(organization, status.HTTP_201_CREATED)

    @extend_schema(
        summary="An organization",
        responses=with_errors({200: OrganizationSerializer}, 404),
    )
    def retrieve(self, request: Request, organization_id) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Change the organization's settings (owner or admin)",
        description=(
            "Name translations, default language, country. The region can't change: a "
            "different region is refused."
        ),
        request=OrganizationUpdateSerializer,
        responses=with_errors({200: OrganizationSerializer}, 400, 403, 404),
    )
    def partial_update(self, request: Request, organization_id) -> Response:
        organization = self.get_object()
        serializer = OrganizationUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organization_update(
            acting_user=request.user, organization=organization, **serializer.validated_data
        )
        return self._respond(organization)

    @extend_schema(
        summary="Delete the organization (owner)",
        description="With its memberships, teams and invitations; the audit trail is kept.",
        responses=with_errors({204: None}, 403, 404),
    )
    def destroy(self, request: Request, organization_id) -> Response:
        organization_delete(acting_user=request.user, organization=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Upload the organization's logo (owner or admin)",
        description="Re-encoded as a PNG thumbnail.",
        request={"multipart/form-data": LogoUploadSerializer},
        responses=with_errors({200: OrganizationSerializer}, 400, 403, 404),
    )
    def upload_logo(self, request: Request, organization_id) -> Response:
        organization = self.get_object()
        serializer = LogoUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organization_update(
            acting_user=request.user,
            organization=organization,
            logo=serializer.validated_data["logo"],
        )
        return self._respond(organization)

    @extend_schema(
        summary="Remove the organization's logo (owner or admin)",
        responses=with_errors({204: None}, 403, 404),
    )
    def remove_logo(self, request: Request, organization_id) -> Response:
        organization_update(acting_user=request.user, organization=self.get_object(), logo=None)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoViewSet(OrganizationViewSet):
    """The organization's logo: the only route that takes a file (multipart)."""

    parser_classes = [MultiPartParser]


class OrganizationScopedMixin:
    """The organization of the URL, among the caller's own (404 otherwise)."""

    @cached_property
    def organization(self) -> Organization:
        return organization_for_member(
            user=self.request.user, organization_id=self.kwargs["organization_id"]
        )

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["organization"] = self.organization
        return context


@extend_schema(tags=["organizations"])
class OwnershipViewSet(OrganizationScopedMixin, viewsets.GenericViewSet):
    """Your own place in the organization: handing over ownership, leaving."""

    serializer_class = TransferOwnershipSerializer

    @extend_schema(
        summary="Transfer ownership to another member (owner)",
        description=(
            "Atomic: the member becomes the owner and you become an admin. Answers the new "
            "owner as a member."
        ),
        request=TransferOwnershipSerializer,
        responses=with_errors({200: MemberSerializer}, 400, 403, 404),
    )
    def transfer(self, request: Request, organization_id) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        new_owner = serializer.validated_data["new_owner"]
        organization_transfer_ownership(
            acting_user=request.user, organization=self.organization, new_owner=new_owner
        )
        membership = organization_members(self.organization).get(user=new_owner)
        return Response(MemberSerializer(membership).data)

    @extend_schema(
        summary="Leave the organization",
        description=(
            "Anyone but the owner. Your team memberships there go; what you made stays, "
            "with the organization's owner."
        ),
        request=None,
        responses=with_errors({204: None}, 403, 404),
    )
    def leave(self, request: Request, organization_id) -> Response:
        membership_leave(acting_user=request.user, organization=self.organization)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["members"])
class MemberViewSet(
    OrganizationScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The organization's members, identified by their user id."""

    serializer_class = MemberSerializer
    filterset_class = MemberFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Membership.objects.none()
        return organization_members(self.organization)

    def get_object(self) -> Membership:
        membership = self.get_queryset().filter(user_id=self.kwargs["user_id"]).first()
        if membership is None:
            raise NotFound(ERR_MEMBER_NOT_FOUND)
        return membership

    @extend_schema(
        summary="List the organization's members with their role and teams",
        responses=with_errors({200: MemberSerializer(many=True)}, 400, 404),
    )
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="A member", responses=with_errors({200: MemberSerializer}, 404))
    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Change a member's role (owner or admin, on roles below their own)",
        request=MemberRoleSerializer,
        responses=with_errors({200: MemberSerializer}, 400, 403, 404),
    )
    def partial_update(self, request: Request, organization_id, user_id) -> Response:
        membership = self.get_object()
        serializer = MemberRoleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership_change_role(
            acting_user=request.user, membership=membership, role=serializer.validated_data["role"]
        )
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Remove a member (owner or admin, on roles below their own)",
        description=(
            "What they made passes to the owner; their team memberships and grants here go, "
            "and their pending invitations are revoked."
        ),
        responses=with_errors({204: None}, 403, 404),
    )
    def destroy(self, request: Request, organization_id, user_id) -> Response:
        membership_remove(acting_user=request.user, membership=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["invitations"])
class InvitationViewSet(
    OrganizationScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Invitations to join the organization; accepting one is a browser flow."""

    serializer_class = InvitationSerializer
    filterset_class = InvitationFilter
    throttle_scope = "invitations"

    def get_throttles(self):
        # Only what sends an e-mail is throttled.
        return [InvitationThrottle()] if self.action in ("create", "resend") else []

    @cached_property
    def organization(self) -> Organization:
        # Invitations are for those who manage them, reading included: the capability that
        # shows them on the Users tab (403 for other members, 404 for outsiders).
        return organization_for_capability(
            user=self.request.user,
            organization_id=self.kwargs["organization_id"],
            capability=Capability.MANAGE_INVITATIONS,
        )

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Invitation.objects.none()
        return organization_invitations(self.organization, statuses=InvitationStatus.values)

    def get_object(self) -> Invitation:
        invitation = self.get_queryset().filter(pk=self.kwargs["invitation_id"]).first()
        if invitation is None:
            raise NotFound(ERR_INVITATION_NOT_FOUND)
        return invitation

    def _respond(self, invitation: Invitation, status_code: int = status.HTTP_200_OK):
        invitation = self.get_queryset().get(pk=invitation.pk)
        return Response(self.get_serializer(invitation).data, status=status_code)

    @extend_schema(
        summary="List invitations (owner or admin; default: pending and expired)",
        responses=with_errors({200: InvitationSerializer(many=True)}, 400, 403, 404),
    )
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="An invitation (owner or admin)",
        responses=with_errors({200: InvitationSerializer}, 403, 404),
    )
    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Invite someone by e-mail (owner or admin)",
        description=(
            "Sends an e-mail with a 7-day, single-use link; accepting it is a browser flow. "
            "Refused for members, for an address with a pending invitation, above your own "
            "role, and when members plus pending invitations fill the plan's seats."
        ),
        request=InvitationCreateSerializer,
        responses=with_errors({201: InvitationSerializer}, 400, 403, 404),
    )
    def create(self, request: Request, organization_id) -> Response:
        serializer = InvitationCreateSerializer(
            data=request.data, context={"organization": self.organization}
        )
        serializer.is_valid(raise_exception=True)
        invitation = invitation_create(
            acting_user=request.user, organization=self.organization, **serializer.validated_data
        )
        return self._respond(invitation, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Revoke a pending or expired invitation (owner or admin)",
        description="Its link stops working.",
        request=None,
        responses=with_errors({200: InvitationSerializer}, 400, 403, 404),
    )
    def revoke(self, request: Request, organization_id, invitation_id) -> Response:
        invitation = invitation_revoke(acting_user=request.user, invitation=self.get_object())
        return self._respond(invitation)

    @extend_schema(
        summary="Resend a pending or expired invitation (owner or admin)",
        description="The old link dies; a new invitation with a new 7-day link is sent.",
        request=None,
        responses=with_errors({201: InvitationSerializer}, 400, 403, 404),
    )
    def resend(self, request: Request, organization_id, invitation_id) -> Response:
        invitation = invitation_resend(acting_user=request.user, invitation=self.get_object())
        return self._respond(invitation, status.HTTP_201_CREATED)


@extend_schema(tags=["teams"])
class TeamViewSet(
    OrganizationScopedMixin,
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
        summary="List the organization's teams with their member counts",
        responses=with_errors({200: TeamSerializer(many=True)}, 404),
    )
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="A team", responses=with_errors({200: TeamSerializer}, 404))
    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return super().retrieve(request, *args, **kwargs)

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
class TeamMemberViewSet(
    OrganizationScopedMixin,
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
        summary="List a team's members with their team role",
        responses=with_errors({200: TeamMemberSerializer(many=True)}, 400, 404),
    )
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="A team member", responses=with_errors({200: TeamMemberSerializer}, 404))
    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return super().retrieve(request, *args, **kwargs)

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


@extend_schema(tags=["plans"])
class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """The catalogue of plans offered to customers."""

    serializer_class = PlanSerializer
    queryset = Plan.objects.filter(is_public=True)
    lookup_url_kwarg = "plan_id"
    lookup_field = "pk"

    def get_object(self) -> Plan:
        plan = self.get_queryset().filter(pk=self.kwargs["plan_id"]).first()
        if plan is None:
            raise NotFound(ERR_PLAN_NOT_FOUND)
        return plan

    @extend_schema(
        summary="List the plans", responses=with_errors({200: PlanSerializer(many=True)}, 404)
    )
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="A plan", responses=with_errors({200: PlanSerializer}, 404))
    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return super().retrieve(request, *args, **kwargs)
