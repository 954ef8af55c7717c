"""Organization → Settings → Suborganizations: the suborganizations that embed
authorizations created, their end users with their last use, and revoking an end user's
embed pairs (owners and admins)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from common.ui import perform
from organizations.roles import Capability
from organizations.selectors.embed import end_users_of, suborganizations_of
from organizations.services.embed import end_user_revoke_authorizations
from organizations.views.common import organization_page, require

END_USERS_PER_PAGE = 50


@require_GET
@organization_page
def suborganizations(request: HttpRequest) -> HttpResponse:
    require(request, Capability.MANAGE_EMBEDDING)
    organization = request.organization
    page = Paginator(end_users_of(organization), END_USERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "tab": "settings",
        "suborganizations": suborganizations_of(organization),
        "page": page,
    }
    return render(request, "organizations/suborganizations.html", context)


@require_POST
@organization_page
def end_user_revoke(request: HttpRequest, end_user_id) -> HttpResponse:
    require(request, Capability.MANAGE_EMBEDDING)
    outcome = perform(
        request,
        end_user_revoke_authorizations,
        acting_user=request.user,
        organization=request.organization,
        end_user_id=end_user_id,
    )
    if outcome.ok:
        messages.success(
            request,
            ngettext(
                "%(count)d embed token was revoked.",
                "%(count)d embed tokens were revoked.",
                outcome.value,
            )
            % {"count": outcome.value},
        )
    return redirect("organization_suborganizations")
