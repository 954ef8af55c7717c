"""REST reads with an embed pair: exactly the dashboards and datasets the pair grants.

The browser that received an embed pair sends it as every REST client sends a pair,
``Authorization: Token <key>:<token>``. Only these endpoints take embed pairs; everywhere
else the API's token authentication knows no such pair and answers 401, as it does for an
expired, idle or revoked one here. Calls are metered for the parent organization.
Registered in ``organizations/api/urls.py`` with one line (``urlpatterns``).
"""

from django.urls import path
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api.authentication import ApiTokenAuthentication
from common.rest.schema import with_errors
from organizations.api.serializers.securables import SecurableSerializer
from organizations.models import EmbedAuthorization, Securable
from organizations.securable_access import ERR_SECURABLE_NOT_FOUND
from organizations.selectors.embed import securables_granted_by
from organizations.services.embed import embed_authorization_authenticate


class EmbedPairAuthentication(ApiTokenAuthentication):
    """Authenticates an embed pair as its end user; ``request.auth`` is the authorization."""

    def pair_owner(self, request: Request, key: str, token: str):
        authorization = embed_authorization_authenticate(key=key, token=token)
        if authorization is None:
            return None
        # Metered for the organization that embeds the end user.
        request._request.usage_organization_id = authorization.end_user.parent_id
        return authorization.end_user.user, authorization


class EmbedPairAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = EmbedPairAuthentication
    name = "embedPair"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "An embed key/token pair, as `Token <key>:<token>`: the `id` and `token` that "
                "`create authorization` with `type: embed` answered on the Core API."
            ),
        }


class HasEmbedPair(IsAuthenticated):
    def has_permission(self, request, view) -> bool:
        return super().has_permission(request, view) and isinstance(
            request.auth, EmbedAuthorization
        )


@extend_schema(tags=["embedding"])
class EmbedSecurableViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """What an embed pair reads: its granted securables, at the granted levels."""

    authentication_classes = [EmbedPairAuthentication]
    permission_classes = [HasEmbedPair]
    serializer_class = SecurableSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Securable.objects.none()
        return securables_granted_by(self.request.auth)

    @extend_schema(
        summary="List the dashboards and datasets an embed pair grants",
        responses=with_errors({200: SecurableSerializer(many=True)}, 401),
    )
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="One dashboard or dataset the embed pair grants",
        responses=with_errors({200: SecurableSerializer}, 401, 404),
    )
    def retrieve(self, request: Request, securable_id) -> Response:
        securable = self.get_queryset().filter(pk=securable_id).first()
        if securable is None:
            raise NotFound(ERR_SECURABLE_NOT_FOUND)
        return Response(self.get_serializer(securable).data)


urlpatterns = [
    path(
        "embed/securables/",
        EmbedSecurableViewSet.as_view({"get": "list"}),
        name="embed-securable-list",
    ),
    path(
        "embed/securables/<uuid:securable_id>/",
        EmbedSecurableViewSet.as_view({"get": "retrieve"}),
        name="embed-securable-detail",
    ),
]
