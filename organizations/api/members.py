"""The organization's members, identified by their user id: roles and removal."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from common.errors import NotFound
from common.rest.pagination import DeferredJoinPagination
from common.rest.schema import with_errors
from organizations.api.filters import MemberFilter
from organizations.api.scoping import MemberOrganizationMixin
from organizations.api.serializers.members import MemberRoleSerializer, MemberSerializer
from organizations.models import Membership
from organizations.selectors.members import member_rows, member_values, organization_members
from organizations.services.membership import (
    ERR_MEMBER_NOT_FOUND,
    membership_change_role,
    membership_remove,
)


@extend_schema(tags=["members"])
@extend_schema_view(
    list=extend_schema(
        summary="List the organization's members with their role and teams",
        responses=with_errors({200: MemberSerializer(many=True)}, 400, 404),
    ),
    retrieve=extend_schema(summary="A member", responses=with_errors({200: MemberSerializer}, 404)),
)
class MemberViewSet(
    MemberOrganizationMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The organization's members, identified by their user id."""

    serializer_class = MemberSerializer
    filterset_class = MemberFilter
    pagination_class = DeferredJoinPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Membership.objects.none()
        return organization_members(self.organization)

    def list(self, request: Request, organization_id) -> Response:
        # The rows MemberSerializer would give, read as dictionaries (member_rows): on a
        # list that pages through a large organization, half the request's time was
        # building and serializing model instances.
        members = member_values(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(member_rows(self.paginate_queryset(members)))

    def get_object(self) -> Membership:
        membership = self.get_queryset().filter(user_id=self.kwargs["user_id"]).first()
        if membership is None:
            raise NotFound(ERR_MEMBER_NOT_FOUND)
        return membership

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
