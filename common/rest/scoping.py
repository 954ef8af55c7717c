"""Endpoints under ``/organizations/<organization_id>/``: the organization of the URL is
resolved once a request, before anything else, by a selector of the app that owns the rule
(who may reach it). That selector raises the domain's NotFound for an organization outside
the caller's reach, so it answers 404 exactly like an unknown one."""

from collections.abc import Callable
from functools import cached_property
from typing import Any

from django.core.exceptions import ImproperlyConfigured


class OrganizationScopedMixin:
    """The organization of the URL, found by ``organization_lookup(user=, organization_id=)``
    and handed to the serializers in their context (``organization``)."""

    organization_lookup: Callable[..., Any] | None = None

    @cached_property
    def organization(self) -> Any:
        if self.organization_lookup is None:
            raise ImproperlyConfigured(f"{type(self).__name__} sets no organization_lookup.")
        # Through the class: a plain function stored as an attribute is no method.
        lookup = type(self).organization_lookup
        return lookup(user=self.request.user, organization_id=self.kwargs["organization_id"])

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["organization"] = self.organization
        return context
