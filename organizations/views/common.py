"""The frame of every page about the active organization."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as PermissionDeniedPage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

from organizations.roles import ERR_NOT_ALLOWED, Capability, organization_role_has
from organizations.selectors.organizations import active_membership

NO_ORGANIZATION = _(
    "You don't belong to an organization yet: create one, or open an invitation you received."
)


def organization_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages act on the user's active organization, never on one named in the URL: switching
    organizations makes every page follow. Sets ``request.membership`` (with the organization
    and its plan) and ``request.organization``; without an organization, leads to creating one.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        membership = active_membership(request.user)
        if membership is None:
            messages.info(request, NO_ORGANIZATION)
            return redirect("organization_create")
        request.membership = membership
        request.organization = membership.organization
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def may(request: HttpRequest, capability: Capability) -> bool:
    """May the user, with their role in the active organization, do ``capability``?"""
    return organization_role_has(request.membership.role, capability)


def require(request: HttpRequest, capability: Capability) -> None:
    """The 403 page for a page or action the user's role doesn't allow (the services check
    again on every write; this spares them a form they could never submit)."""
    if not may(request, capability):
        raise PermissionDeniedPage(force_str(ERR_NOT_ALLOWED))
