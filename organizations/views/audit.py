"""Organization → Audit log: the organization's events as sentences, newest first, filtered
by action, actor and date, paged (owners and admins)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from organizations.forms.audit import AuditFilterForm
from organizations.roles import Capability
from organizations.selectors.audit import (
    organization_audit_actors,
    organization_audit_events_filtered,
)
from organizations.views.audit_sentences import audit_sentences
from organizations.views.common import organization_page, require

EVENTS_PER_PAGE = 25


@require_GET
@organization_page
def audit_log(request: HttpRequest) -> HttpResponse:
    require(request, Capability.VIEW_AUDIT_LOG)
    filters = AuditFilterForm(request.GET, actors=organization_audit_actors(request.organization))
    # A malformed filter is shown on the form and the log stays unfiltered: a 400 page.
    valid = filters.is_valid()
    criteria = filters.cleaned_data if valid else {}
    events = organization_audit_events_filtered(
        request.organization,
        action=criteria.get("action", ""),
        actor_id=criteria.get("actor") or None,
        since=criteria.get("since"),
        until=criteria.get("until"),
    )
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "tab": "audit_log",
        "page": page,
        "entries": audit_sentences(page.object_list),
        "filters": filters,
        "filtered": bool(valid and any(criteria.values())),
        "page_query": query.urlencode(),
    }
    return render(request, "organizations/audit_log.html", context, status=200 if valid else 400)
