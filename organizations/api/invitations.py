"""Invitations to join the organization: sending, revoking, resending. Accepting one is a
browser flow."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api.throttling import InvitationThrottle
from common.errors import NotFound
from common.rest.schema import with_errors
from organizations.api.filters import InvitationFilter
from organizations.api.scoping import MemberOrganizationMixin
from organizations.api.serializers.invitations import (
    InvitationCreateSerializer,
    InvitationSerializer,
)
from organizations.models import Invitation, InvitationStatus
from organizations.selectors.invitations import organization_invitations
from organizations.services.invitation import (
    ERR_INVITATION_NOT_FOUND,
    invitation_create,
    invitation_resend,
    invitation_revoke,
)


@extend_schema(tags=["invitations"])
@extend_schema_view(
    list=extend_schema(
        summary="List invitations (default: pending and expired)",
        responses=with_errors({200: InvitationSerializer(many=True)}, 400, 404),
    ),
    retrieve=extend_schema(
        summary="An invitation", responses=with_errors({200: InvitationSerializer}, 404)
    ),
)
class InvitationViewSet(
    MemberOrganizationMixin,
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
