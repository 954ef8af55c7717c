"""The caller (``me``): their profile with its effective language and country (theirs,
else their active organization's), and switching the active organization."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.services import user_profile_update
from common.locales import LOCALE_CHOICES
from common.rest.schema import with_errors
from organizations.selectors.organizations import (
    effective_country,
    effective_locale,
    organization_for_member,
)
from organizations.services.membership import user_switch_active_organization


class MeSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)
    locale = serializers.ChoiceField(
        choices=LOCALE_CHOICES,
        allow_blank=True,
        read_only=True,
        help_text="Empty: the organization's language.",
    )
    active_organization = serializers.UUIDField(
        source="active_organization_id", read_only=True, allow_null=True
    )
    effective_locale = serializers.SerializerMethodField(
        help_text="The language you see: yours, else your active organization's, else en."
    )
    effective_country = serializers.SerializerMethodField(
        help_text="Your country, else your active organization's (empty if neither is set)."
    )

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "name",
            "city",
            "country",
            "locale",
            "active_organization",
            "effective_locale",
            "effective_country",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_effective_locale(self, user: User) -> str:
        return effective_locale(user)

    def get_effective_country(self, user: User) -> str:
        return effective_country(user)


class ProfileUpdateSerializer(serializers.Serializer):
    """Fields left out keep their value."""

    name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    country = serializers.CharField(
        max_length=2,
        required=False,
        allow_blank=True,
        help_text='ISO 3166-1 alpha-2 code, e.g. "BE"; empty to use the organization\'s.',
    )
    locale = serializers.ChoiceField(
        choices=LOCALE_CHOICES,
        required=False,
        allow_blank=True,
        help_text="Empty to use the organization's language.",
    )


class ActiveOrganizationSerializer(serializers.Serializer):
    organization = serializers.UUIDField(help_text="One of your organizations.")


@extend_schema(tags=["me"])
class MeView(APIView):
    @extend_schema(
        operation_id="me_retrieve",
        summary="Your profile",
        responses=with_errors({200: MeSerializer}),
    )
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)

    @extend_schema(
        operation_id="me_update",
        summary="Change your profile (name, city, country, language)",
        request=ProfileUpdateSerializer,
        responses=with_errors({200: MeSerializer}, 400),
    )
    def patch(self, request: Request) -> Response:
        serializer = ProfileUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = request.user
        current = {
            "name": user.name,
            "city": user.city,
            "country": user.country.code,
            "locale": user.locale,
        }
        user = user_profile_update(acting_user=user, **{**current, **serializer.validated_data})
        return Response(MeSerializer(user).data)


@extend_schema(tags=["me"])
class ActiveOrganizationView(APIView):
    @extend_schema(
        operation_id="me_switch_organization",
        summary="Switch your active organization",
        description="Remembered across logins; the browser UI shows this organization.",
        request=ActiveOrganizationSerializer,
        responses=with_errors({200: MeSerializer}, 400, 404),
    )
    def post(self, request: Request) -> Response:
        serializer = ActiveOrganizationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organization = organization_for_member(
            user=request.user, organization_id=serializer.validated_data["organization"]
        )
        user_switch_active_organization(acting_user=request.user, organization=organization)
        return Response(MeSerializer(request.user).data)
