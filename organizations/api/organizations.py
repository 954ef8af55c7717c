"""The caller's organizations: listing, creating, settings, logo, ownership, leaving.

Everything under ``/organizations/<organization_id>/`` first resolves the organization among
the caller's own, so an organization the caller doesn't belong to answers 404 exactly like an
unknown one. Whether the caller may act is the services' decision (PermissionDenied, 403).
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from common.errors import NotFound
from common.rest.schema import with_errors
from organizations.api.scoping import MemberOrganizationMixin
from organizations.api.serializers.members import MemberSerializer
from organizations.api.serializers.organizations import (
    LogoUploadSerializer,
    OrganizationCreateSerializer,
    OrganizationSerializer,
    OrganizationUpdateSerializer,
    TransferOwnershipSerializer,
)
from organizations.models import Membership, Organization
from organizations.selectors.members import organization_members
from organizations.selectors.organizations import ERR_ORGANIZATION_NOT_FOUND, user_memberships
from organizations.services.membership import membership_leave
from organizations.services.organization import (
    organization_create,
    organization_delete,
    organization_transfer_ownership,
    organization_update,
)


def _with_caller_role(membership: Membership) -> Organization:
    organization = membership.organization
    organization.caller_role = membership.role
    return organization


@extend_schema(tags=["organizations"])
@extend_schema_view(
    retrieve=extend_schema(
        summary="An organization",
        responses=with_errors({200: OrganizationSerializer}, 404),
    ),
)
class OrganizationViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
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
        # A page of memberships, shown as their organizations.
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


@extend_schema(tags=["organizations"])
class OwnershipViewSet(MemberOrganizationMixin, viewsets.GenericViewSet):
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
