"""REST endpoints of embedding: an organization's suborganizations and end users, and the
revocation of an end user's embed pairs.

Owner and admins only (the role table's ``manage_embedding``): another member gets 403,
someone outside the organization 404. Lists are paged and run a fixed number of queries.
Registered in ``organizations/api/urls.py`` with one line (``urlpatterns``).
"""

from functools import cached_property

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from common.rest.schema import with_errors
from organizations.models import EndUser, Organization, Suborganization
from organizations.selectors.embed import (
    end_users_of,
    organization_for_embedding,
    suborganization_of,
    suborganizations_of,
)
from organizations.services.embed import end_user_revoke_authorizations

# Serializers -------------------------------------------------------------------------------


class SuborganizationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(
        source="organization_id", read_only=True, help_text="The suborganization's id."
    )
    end_user_count = serializers.IntegerField(read_only=True)
    last_used_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="Latest use of any of its end users' pairs."
    )

    class Meta:
        model = Suborganization
        fields = ["id", "name", "created_at", "end_user_count", "last_used_at"]
        read_only_fields = fields


class SuborganizationReferenceSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="organization_id")
    name = serializers.CharField()


class EndUserSerializer(serializers.ModelSerializer):
    user_id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(source="user.name", read_only=True)
    email = serializers.SerializerMethodField(help_text="As the parent's server gave it.")
    suborganization = SuborganizationReferenceSerializer(read_only=True)
    usable_authorization_count = serializers.IntegerField(
        read_only=True, help_text="Embed pairs neither expired nor revoked."
    )

    class Meta:
        model = EndUser
        fields = [
            "id",
            "user_id",
            "username",
            "name",
            "email",
            "role",
            "locale",
            "suborganization",
            "created_at",
            "last_used_at",
            "usable_authorization_count",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.EmailField(allow_null=True))
    def get_email(self, end_user: EndUser) -> str | None:
        return end_user.email or None


class RevokedSerializer(serializers.Serializer):
    revoked = serializers.IntegerField(help_text="Embed pairs that stopped working now.")


# Views -------------------------------------------------------------------------------------


class EmbeddingScopedMixin:
    """The organization of the URL, if the caller may manage its embedding (404, else 403)."""

    @cached_property
    def organization(self) -> Organization:
        return organization_for_embedding(
            user=self.request.user, organization_id=self.kwargs["organization_id"]
        )


@extend_schema(tags=["embedding"])
class SuborganizationViewSet(EmbeddingScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Suborganizations that embed authorizations created for the organization's end users."""

    serializer_class = SuborganizationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Suborganization.objects.none()
        return suborganizations_of(self.organization)

    @extend_schema(
        summary="List the organization's suborganizations (owner or admin)",
        responses=with_errors({200: SuborganizationSerializer(many=True)}, 403, 404),
    )
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)


@extend_schema(tags=["embedding"])
class EndUserViewSet(EmbeddingScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The organization's end users, with their last use."""

    serializer_class = EndUserSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return EndUser.objects.none()
        suborganization_id = self.request.query_params.get("suborganization")
        return end_users_of(
            self.organization,
            suborganization=(
                suborganization_of(self.organization, suborganization_id)
                if suborganization_id
                else None
            ),
        )

    @extend_schema(
        summary="List the organization's end users (owner or admin)",
        parameters=[
            OpenApiParameter(
                "suborganization", str, description="Only the end users of this suborganization."
            )
        ],
        responses=with_errors({200: EndUserSerializer(many=True)}, 403, 404),
    )
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="Revoke every embed pair of an end user (owner or admin)",
        request=None,
        responses=with_errors({200: RevokedSerializer}, 403, 404),
    )
    def revoke(self, request: Request, organization_id, end_user_id) -> Response:
        revoked = end_user_revoke_authorizations(
            acting_user=request.user, organization=self.organization, end_user_id=end_user_id
        )
        return Response(RevokedSerializer({"revoked": revoked}).data)


ORGANIZATION = "organizations/<uuid:organization_id>/"

urlpatterns = [
    path(
        f"{ORGANIZATION}suborganizations/",
        SuborganizationViewSet.as_view({"get": "list"}),
        name="suborganization-list",
    ),
    path(
        f"{ORGANIZATION}end-users/",
        EndUserViewSet.as_view({"get": "list"}),
        name="end-user-list",
    ),
    path(
        f"{ORGANIZATION}end-users/<uuid:end_user_id>/revoke/",
        EndUserViewSet.as_view({"post": "revoke"}),
        name="end-user-revoke",
    ),
]
