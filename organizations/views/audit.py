"""Organization → Audit log: the organization's events, newest first (owners and admins)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from organizations.roles import Capability
from organizations.selectors.audit import organization_audit_events
from organizations.views.common import organization_page, require

EVENTS_PER_PAGE = 25


@require_GET
@organization_page
def audit_log(request: HttpRequest) -> HttpResponse:
    require(request, Capability.VIEW_AUDIT_LOG)
    events = organization_audit_events(request.organization).order_by("-created_at", "-pk")
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "organizations/audit_log.html", {"tab": "audit_log", "page": page})
