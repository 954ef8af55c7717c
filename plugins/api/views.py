"""REST endpoints of plugins: thin calls to ``plugins.selectors`` and ``plugins.services``.

A plugin the caller may not use answers 404 like an unknown one; one they use but did not
create answers 403 to changes. An organization's plugins live under the organization,
resolved among the caller's own first.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from common.rest.schema import with_errors
from common.rest.scoping import OrganizationScopedMixin
from organizations.selectors.organizations import organization_for_member
from plugins.api.serializers import (
    PluginAssociateSerializer,
    PluginCreateSerializer,
    PluginSerializer,
    PluginUpdateSerializer,
)
from plugins.models import Plugin
from plugins.selectors import plugin_for_user, plugins_of_organization, plugins_visible_to
from plugins.services import (
    plugin_associate,
    plugin_create,
    plugin_delete,
    plugin_dissociate,
    plugin_update,
)


@extend_schema(tags=["plugins"])
@extend_schema_view(
    list=extend_schema(
        summary="List the plugins you may use",
        responses=with_errors({200: PluginSerializer(many=True)}, 404),
    ),
    retrieve=extend_schema(summary="A plugin", responses=with_errors({200: PluginSerializer}, 404)),
)
class PluginViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The plugins you may use: yours, and those of your organizations."""

    serializer_class = PluginSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Plugin.objects.none()
        return plugins_visible_to(self.request.user)

    def get_object(self) -> Plugin:
        return plugin_for_user(user=self.request.user, plugin_id=self.kwargs["plugin_id"])

    def _respond(self, plugin: Plugin, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = plugin_for_user(user=self.request.user, plugin_id=plugin.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    @extend_schema(
        summary="Create a plugin",
        description=(
            "With a new secret, shown in the answer (and to you alone afterwards). Only you "
            "may use it until you make it available to an organization."
        ),
        request=PluginCreateSerializer,
        responses=with_errors({201: PluginSerializer}, 400),
    )
    def create(self, request: Request) -> Response:
        serializer = PluginCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        plugin = plugin_create(acting_user=request.user, **serializer.validated_data)
        return self._respond(plugin, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a plugin (its creator)",
        request=PluginUpdateSerializer,
        responses=with_errors({200: PluginSerializer}, 400, 403, 404),
    )
    def partial_update(self, request: Request, plugin_id) -> Response:
        plugin = self.get_object()
        serializer = PluginUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        plugin_update(acting_user=request.user, plugin=plugin, **serializer.validated_data)
        return self._respond(plugin)

    @extend_schema(
        summary="Delete a plugin (its creator)",
        description="Every organization it was available to loses it.",
        responses=with_errors({204: None}, 403, 404),
    )
    def destroy(self, request: Request, plugin_id) -> Response:
        plugin_delete(acting_user=request.user, plugin=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["plugins"])
@extend_schema_view(
    list=extend_schema(
        summary="List the plugins available to the organization",
        responses=with_errors({200: PluginSerializer(many=True)}, 404),
    ),
)
class OrganizationPluginViewSet(
    OrganizationScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """The plugins available to every member of the organization."""

    serializer_class = PluginSerializer
    organization_lookup = staticmethod(organization_for_member)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Plugin.objects.none()
        return plugins_of_organization(self.organization)

    @extend_schema(
        summary="Make a plugin you may use available to the organization (any member)",
        description="Available already: nothing changes.",
        request=PluginAssociateSerializer,
        responses=with_errors({201: PluginSerializer}, 400, 403, 404),
    )
    def create(self, request: Request, organization_id) -> Response:
        organization = self.organization  # the URL's first: another organization is a 404
        serializer = PluginAssociateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        plugin = serializer.validated_data["plugin"]
        plugin_associate(acting_user=request.user, plugin=plugin, organization=organization)
        return Response(self.get_serializer(plugin).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Make a plugin unavailable to the organization (any member)",
        description="Its creator keeps it.",
        responses=with_errors({204: None}, 403, 404),
    )
    def destroy(self, request: Request, organization_id, plugin_id) -> Response:
        organization = self.organization
        plugin = plugin_for_user(user=request.user, plugin_id=plugin_id)
        plugin_dissociate(acting_user=request.user, plugin=plugin, organization=organization)
        return Response(status=status.HTTP_204_NO_CONTENT)
