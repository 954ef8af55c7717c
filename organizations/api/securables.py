"""Dashboards, datasets and their shares.

A securable the caller may not see answers 404 like an unknown one, whatever the route;
one they see below the level a route needs answers 403. Reading and changing the shares
needs "own", like sharing does.
"""

from functools import cached_property

from drf_spectacular.utils import extend_schema, extend_schema_serializer, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from common.errors import NotFound
from common.rest.pagination import UncountedPagination
from common.rest.schema import with_errors
from organizations.api.serializers.securables import (
    SecurableCreateSerializer,
    SecurableQuerySerializer,
    SecurableSerializer,
    SecurableUpdateSerializer,
    Share,
    ShareCreateSerializer,
    ShareLevelSerializer,
    ShareSerializer,
)
from organizations.models import Securable, Team
from organizations.securable_access import LEVEL_TO_SHARE
from organizations.selectors.securables import (
    securable_for_user,
    securable_share_level,
    securable_shares,
    securables_list,
    share_team_by_id,
)
from organizations.services.securable import (
    ERR_SHARE_NOT_FOUND,
    securable_create,
    securable_delete,
    securable_share_change,
    securable_share_with_team,
    securable_share_with_user,
    securable_unshare,
    securable_update,
)


@extend_schema_serializer(component_name="VisibleSecurable")
class VisibleSecurableSerializer(SecurableSerializer):
    """For the schema only: the list's pages have no ``count``, unlike the embed list of the
    same serializer, and drf-spectacular names a page after its rows' serializer."""


@extend_schema(tags=["securables"])
@extend_schema_view(
    list=extend_schema(
        summary="List the dashboards and datasets you may see, with your level",
        description=(
            "Yours, those of the organizations where you are owner or admin, and those shared "
            "with you or your teams, from any organization; most recently changed first. "
            "Pages have no `count`: follow `next` until it is null."
        ),
        parameters=[SecurableQuerySerializer],
        responses=with_errors({200: VisibleSecurableSerializer(many=True)}, 400, 404),
    ),
    retrieve=extend_schema(
        summary="A dashboard or dataset, with your level",
        responses=with_errors({200: SecurableSerializer}, 404),
    ),
)
class SecurableViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The dashboards and datasets you may see, in any organization, with your level."""

    serializer_class = SecurableSerializer
    # What one may see can be large and is a union of sources: pages without a count.
    pagination_class = UncountedPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Securable.objects.none()
        query = SecurableQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return securables_list(self.request.user, **query.validated_data)

    def get_object(self) -> Securable:
        return securable_for_user(user=self.request.user, securable_id=self.kwargs["securable_id"])

    def _respond(self, securable: Securable, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = securable_for_user(user=self.request.user, securable_id=securable.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    @extend_schema(
        summary="Create a dashboard or dataset (owner, admin or member of the organization)",
        description=(
            "You own it. It is private to you and to the organization's owner and admins "
            "until you share it."
        ),
        request=SecurableCreateSerializer,
        responses=with_errors({201: SecurableSerializer}, 400, 403),
    )
    def create(self, request: Request) -> Response:
        serializer = SecurableCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        securable = securable_create(acting_user=request.user, **serializer.validated_data)
        return self._respond(securable, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a dashboard's or dataset's name, description or contents (modify)",
        request=SecurableUpdateSerializer,
        responses=with_errors({200: SecurableSerializer}, 400, 403, 404),
    )
    def partial_update(self, request: Request, securable_id) -> Response:
        securable = self.get_object()
        serializer = SecurableUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        securable_update(acting_user=request.user, securable=securable, **serializer.validated_data)
        return self._respond(securable)

    @extend_schema(
        summary="Delete a dashboard or dataset (own)",
        description="With every share of it.",
        responses=with_errors({204: None}, 403, 404),
    )
    def destroy(self, request: Request, securable_id) -> Response:
        securable_delete(acting_user=request.user, securable=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class SecurableSharesMixin:
    """The securable of the URL, if the caller may share it: 404 when they can't see it,
    403 when they see it below "own"."""

    serializer_class = ShareSerializer
    # For the schema's path parameters only: the routes read shares, not this queryset.
    queryset = Securable.objects.none()

    @cached_property
    def securable(self) -> Securable:
        return securable_for_user(
            user=self.request.user,
            securable_id=self.kwargs["securable_id"],
            min_level=LEVEL_TO_SHARE,
        )


@extend_schema(tags=["securables"])
class SecurableShareViewSet(SecurableSharesMixin, viewsets.GenericViewSet):
    """Who a securable is shared with. Its owner's and the organization managers' access is
    not a share and is not listed."""

    @extend_schema(
        summary="List a securable's shares: people first, then teams (own)",
        responses=with_errors({200: ShareSerializer(many=True)}, 403, 404),
    )
    def list(self, request: Request, securable_id) -> Response:
        shares = securable_shares(self.securable)
        rows = [Share(user=user, team=None, level=user.level) for user in shares.users]
        rows += [Share(user=None, team=team, level=team.level) for team in shares.teams]
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="Share with a user by e-mail or a team by id (own)",
        description=(
            "Anyone with an account, and any team, in this organization or another. A team's "
            "members get at most what their team role and their role in the team's "
            "organization allow. Sharing again with the same user or team sets the new level."
        ),
        request=ShareCreateSerializer,
        responses=with_errors({201: ShareSerializer}, 400, 403, 404),
    )
    def create(self, request: Request, securable_id) -> Response:
        securable = self.securable  # the URL's securable first: an invisible one is a 404
        serializer = ShareCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        level = serializer.validated_data["level"]
        if "email" in serializer.validated_data:
            user = securable_share_with_user(
                acting_user=request.user,
                securable=securable,
                email=serializer.validated_data["email"],
                level=level,
            )
            share = Share(user=user, team=None, level=level)
        else:
            team = securable_share_with_team(
                acting_user=request.user,
                securable=securable,
                team=serializer.validated_data["team"],
                level=level,
            )
            share = Share(user=None, team=team, level=level)
        return Response(self.get_serializer(share).data, status=status.HTTP_201_CREATED)


class ShareTargetViewSet(SecurableSharesMixin, viewsets.GenericViewSet):
    """One share, with the user or the team of the URL."""

    def target(self) -> dict:
        """The share services' ``user`` or ``team`` argument."""
        raise NotImplementedError

    def _share(self, target: dict, level: int) -> Share:
        return Share(user=target.get("user"), team=target.get("team"), level=level)

    def retrieve(self, request: Request, securable_id, **kwargs) -> Response:
        securable = self.securable
        target = self.target()
        level = securable_share_level(securable, **target)
        if not level:
            raise NotFound(ERR_SHARE_NOT_FOUND)
        return Response(self.get_serializer(self._share(target, level)).data)

    def partial_update(self, request: Request, securable_id, **kwargs) -> Response:
        securable = self.securable
        target = self.target()
        serializer = ShareLevelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        level = securable_share_change(
            acting_user=request.user,
            securable=securable,
            level=serializer.validated_data["level"],
            **target,
        )
        return Response(self.get_serializer(self._share(target, level)).data)

    def destroy(self, request: Request, securable_id, **kwargs) -> Response:
        securable = self.securable
        securable_unshare(acting_user=request.user, securable=securable, **self.target())
        return Response(status=status.HTTP_204_NO_CONTENT)


def _share_target_schema(whom: str):
    return extend_schema_view(
        retrieve=extend_schema(
            summary=f"The share with {whom} (own)",
            responses=with_errors({200: ShareSerializer}, 403, 404),
        ),
        partial_update=extend_schema(
            summary=f"Change the level of the share with {whom} (own)",
            request=ShareLevelSerializer,
            responses=with_errors({200: ShareSerializer}, 400, 403, 404),
        ),
        destroy=extend_schema(
            summary=f"Revoke the share with {whom} (own)",
            responses=with_errors({204: None}, 403, 404),
        ),
    )


@extend_schema(tags=["securables"])
@_share_target_schema("a user")
class UserShareViewSet(ShareTargetViewSet):
    def target(self) -> dict:
        user = User.objects.filter(pk=self.kwargs["user_id"]).first()
        if user is None:
            raise NotFound(ERR_SHARE_NOT_FOUND)
        return {"user": user}


@extend_schema(tags=["securables"])
@_share_target_schema("a team")
class TeamShareViewSet(ShareTargetViewSet):
    def target(self) -> dict:
        team: Team | None = share_team_by_id(self.kwargs["team_id"])
        if team is None:
            raise NotFound(ERR_SHARE_NOT_FOUND)
        return {"team": team}
