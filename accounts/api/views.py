"""The caller's API key/token pairs (the caller, ``me``, is organizations/api/me.py: it
shows their active organization)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api.serializers import (
    ApiTokenCreatedSerializer,
    ApiTokenCreateSerializer,
    ApiTokenSerializer,
)
from accounts.models import ApiToken
from accounts.selectors import user_api_tokens
from accounts.services import api_token_create, api_token_revoke
from common.rest.schema import with_errors


@extend_schema(tags=["tokens"])
class ApiTokenViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Your key/token pairs. The token itself is shown only in the answer that creates it."""

    serializer_class = ApiTokenSerializer
    lookup_url_kwarg = "key"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return user_api_tokens(self.request.user)

    @extend_schema(
        summary="List your API tokens (never the tokens themselves)",
        description="Revoked pairs are left out; expired ones are listed.",
        responses=with_errors({200: ApiTokenSerializer(many=True)}, 404),
    )
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="Create an API key/token pair",
        description="The answer holds the token, once; keep it: only its hash is stored.",
        request=ApiTokenCreateSerializer,
        responses=with_errors({201: ApiTokenCreatedSerializer}, 400),
    )
    def create(self, request: Request) -> Response:
        serializer = ApiTokenCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        api_token, token = api_token_create(acting_user=request.user, **serializer.validated_data)
        api_token.token = token
        api_token.authorization = f"Token {api_token.pk}:{token}"
        return Response(ApiTokenCreatedSerializer(api_token).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Revoke an API token",
        description="It stops working at once.",
        responses=with_errors({204: None}, 404),
    )
    def destroy(self, request: Request, key) -> Response:
        api_token_revoke(acting_user=request.user, api_token_id=key)
        return Response(status=status.HTTP_204_NO_CONTENT)
